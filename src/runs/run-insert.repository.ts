/**
 * The insert half of the hot writes (see ./run-batch.repository.ts for the whole picture): new runs,
 * their first RunEvent, their idempotency keys and their Graphile jobs in ONE statement for any
 * number of runs, and the idempotency-key lookups that come before an insert.
 */
import { sql } from "@/server/db";
import { liveRun, type NewRun, type RunRow } from "./run.repository";
import { GRAPHILE_MAX_ATTEMPTS } from "./run-batch.repository";
import { codeVersion } from "@/server/code-version";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : d);

/** The jsonb element of one new run (see INSERT_SQL). */
function newRunJson(r: NewRun): Record<string, unknown> {
  return {
    id: r.id,
    task: r.task,
    queue: r.queue,
    status: r.status ?? "queued",
    input: r.input ?? null,
    ih: r.inputHash,
    ma: r.maxAttempts,
    pri: r.priority,
    at: iso(r.runAt) ?? null,
    tmo: r.timeoutMs ?? null,
    own: r.ownerId ?? null,
    par: r.parentId ?? null,
    root: r.rootId ?? null,
    exp: iso(r.expiresAt) ?? null,
    memo: r.memoKey ?? null,
    sch: r.scheduleId ?? null,
    slot: iso(r.scheduleSlot) ?? null,
    step: r.step ?? null,
    ...(r.concurrencyKey ? { ck: r.concurrencyKey, cl: r.concurrencyLimit ?? 1 } : {}),
    ...(r.idempotency
      ? { ik: { k: r.idempotency.key, o: r.ownerId ?? "", ttl: r.idempotency.ttlMs, h: r.idempotency.hash } }
      : {}),
    tp: r.traceparent ?? undefined, // left out of the JSON when tracing is off: the column gets null
    cv: r.codeVersion ?? codeVersion(), // provenance: the code that made the run (this process's)
    ev: r.engineVersion ?? null,
    ...(r.originRunId ? { orig: r.originRunId } : {}),
  };
}

/**
 * The run key `k` names is past its retention (run.repository.ts liveRun): read as deleted, so its key
 * is free. Asked as "an expired run exists", never "no live run exists": a run another statement just
 * committed is outside this statement's snapshot, and must not free its key.
 */
const EXPIRED_RUN_OF = (k: string) =>
  `exists (select 1 from runs where runs.id = ${k}.run_id and not ${liveRun("runs")})`;

const INSERT_SQL = `
with x as (
  select ord::int as i, (j->>'id')::uuid as id, j from jsonb_array_elements($1::jsonb) with ordinality as x(j, ord)
), k as (
  -- an idempotency key names its run until it expires, or its run does (retention: read as deleted);
  -- an expired one is taken over
  insert into idempotency_keys (owner_key, task, key, run_id, input_hash, expires_at)
  select j->'ik'->>'o', j->>'task', j->'ik'->>'k', id, j->'ik'->>'h', now() + (j->'ik'->>'ttl')::int * interval '1 millisecond'
  from x where j ? 'ik'
  on conflict (owner_key, task, key) do update set run_id = excluded.run_id, input_hash = excluded.input_hash,
    created_at = now(), expires_at = excluded.expires_at
  where idempotency_keys.expires_at <= now() or ${EXPIRED_RUN_OF("idempotency_keys")}
  returning run_id
), ks as (
  -- a concurrency key's slots exist before its first run starts
  insert into slots (scope, slot)
  select distinct 'k:' || (j->>'ck'), g from x cross join lateral generate_series(0, (j->>'cl')::int - 1) g
  where j ? 'ck'
  on conflict do nothing
), r as (
  insert into runs (id, task, queue, status, input, input_hash, max_attempts, priority, run_at, timeout_ms,
                    owner_id, parent_id, root_id, expires_at, memo_key, event_seq, schedule_id, schedule_slot, step,
                    concurrency_key, concurrency_limit, idempotency_key, traceparent, code_version, engine_version,
                    origin_run_id)
  select id, j->>'task', j->>'queue', (j->>'status')::"RunStatus", j->'input', j->>'ih', (j->>'ma')::int,
         (j->>'pri')::int, coalesce((j->>'at')::timestamptz, now()), (j->>'tmo')::int, j->>'own',
         (j->>'par')::uuid, (j->>'root')::uuid, (j->>'exp')::timestamptz, j->>'memo', 1, (j->>'sch')::uuid,
         (j->>'slot')::timestamptz, (j->>'step')::int, j->>'ck', (j->>'cl')::int, j->'ik'->>'k',
         j->>'tp', j->>'cv', (j->>'ev')::int, (j->>'orig')::uuid
  from x where not (j ? 'ik') or id in (select run_id from k)
  on conflict do nothing
  returning *
), e as (
  insert into run_events (run_id, seq, type, payload)
  select id, 1, 'status', jsonb_build_object('status', status::text, 'attempt', 0)
    || case when status = 'scheduled' then jsonb_build_object('runAt', run_at) else '{}'::jsonb end
  from r
), tasks as (
  select t.id, t.identifier from graphile_worker._private_tasks t where t.identifier in (select task from r)
), direct as (
  -- A new run's job has a new key (the run id): nothing of add_jobs' merging applies, so the job row
  -- goes in directly (what add_jobs would insert). Tasks no worker has registered yet go through
  -- add_jobs below, which creates them.
  insert into graphile_worker._private_jobs (task_id, payload, run_at, max_attempts, key, priority)
  select t.id, json_build_object('runId', r.id::text), r.run_at, $2::smallint, r.id::text,
         greatest(-32768, least(32767, -r.priority))::smallint
  from r join tasks t on t.identifier = r.task
  returning id
), fallback as (
  select count(*)::int as n
  from (select array(
      select row(r.task, json_build_object('runId', r.id::text), null, r.run_at, $2::smallint, r.id::text,
                 greatest(-32768, least(32767, -r.priority))::smallint, null)::graphile_worker.job_spec
      from r where r.task not in (select identifier from tasks)) as specs) s
  cross join lateral graphile_worker.add_jobs(s.specs) x
  where cardinality(s.specs) > 0
), jobs as (
  select (select count(*) from direct)::int + coalesce((select n from fallback), 0) as n
), nudge as (
  -- what add_jobs tells the workers (Graphile's own channel)
  select pg_notify('jobs:insert', json_build_object('count', (select count(*) from direct))::text)
  where exists (select 1 from direct)
)
select x.i, (select n from jobs) as "_jobs", (select count(*) from nudge) as "_nudged",
  r.id is not null as inserted, r.run_at as "runAt", r.created_at as "createdAt"
from x left join r on r.id = x.id
order by x.i`;

/**
 * Insert runs with their first event and Graphile jobs, in one statement. Null for a run not inserted:
 * its (schedule, slot) or (parent, step) is taken, or its idempotency key names another run.
 */
export async function insertRuns(batch: readonly NewRun[]): Promise<(RunRow | null)[]> {
  const rows = await sql<{ i: number; inserted: boolean; runAt: Date | null; createdAt: Date | null }>(
    "fluxo_insert_runs_v6",
    INSERT_SQL,
    [JSON.stringify(batch.map(newRunJson)), GRAPHILE_MAX_ATTEMPTS],
  );
  // The database answers only what it decided (inserted or not, its clock); the rest is what was sent.
  return rows.map((r, k) => (r.inserted ? insertedRow(batch[k]!, r.runAt!, r.createdAt!) : null));
}

/** The row of a run just inserted, as the database holds it. */
function insertedRow(r: NewRun, runAt: Date, createdAt: Date): RunRow {
  return {
    id: r.id,
    task: r.task,
    queue: r.queue,
    status: r.status ?? "queued",
    progress: 0,
    stage: null,
    message: null,
    etaAt: null,
    input: r.input ?? null,
    inputHash: r.inputHash,
    result: null,
    error: null,
    attempt: 0,
    maxAttempts: r.maxAttempts,
    priority: r.priority,
    runAt,
    timeoutMs: r.timeoutMs ?? null,
    ownerId: r.ownerId ?? null,
    parentId: r.parentId ?? null,
    rootId: r.rootId ?? null,
    workerId: null,
    heartbeatAt: null,
    eventSeq: 1,
    memoKey: r.memoKey ?? null,
    cachedFromId: null,
    step: r.step ?? null,
    concurrencyKey: r.concurrencyKey ?? null,
    concurrencyLimit: r.concurrencyKey ? (r.concurrencyLimit ?? 1) : null,
    idempotencyKey: r.idempotency?.key ?? null,
    traceparent: r.traceparent ?? null,
    createdAt,
    startedAt: null,
    finishedAt: null,
    expiresAt: r.expiresAt ?? null,
    codeVersion: r.codeVersion ?? codeVersion(),
    engineVersion: r.engineVersion ?? null,
    originRunId: r.originRunId ?? null,
  };
}

/** The runs idempotency keys name now (null where none, or the key or its run expired), in the order asked, in one query. */
export async function findByIdempotencyKeys(
  keys: readonly { ownerId: string | null; task: string; key: string }[],
): Promise<({ runId: string; inputHash: string } | null)[]> {
  const rows = await sql<{ n: number; runId: string; inputHash: string }>(
    "fluxo_idempotency_find_many_v3",
    `select x.n::int as n, k.run_id::text as "runId", k.input_hash as "inputHash"
     from unnest($1::text[], $2::text[], $3::text[]) with ordinality as x(o, t, k0, n)
     cross join lateral (
       select run_id, input_hash from idempotency_keys k
       where k.owner_key = x.o and k.task = x.t and k.key = x.k0 and k.expires_at > now()
         and not ${EXPIRED_RUN_OF("k")} limit 1) k`,
    [keys.map((k) => k.ownerId ?? ""), keys.map((k) => k.task), keys.map((k) => k.key)],
  );
  const out: ({ runId: string; inputHash: string } | null)[] = keys.map(() => null);
  for (const r of rows) out[r.n - 1] = { runId: r.runId, inputHash: r.inputHash };
  return out;
}

/** The run an idempotency key names now (null when none, or it or its run expired), with the submission hash it was made with. */
export async function findByIdempotencyKey(
  ownerId: string | null,
  task: string,
  key: string,
): Promise<{ runId: string; inputHash: string } | null> {
  const rows = await sql<{ runId: string; inputHash: string }>(
    "fluxo_idempotency_find_v2",
    `select run_id::text as "runId", input_hash as "inputHash" from idempotency_keys
     where owner_key = $1 and task = $2 and key = $3 and expires_at > now() and not ${EXPIRED_RUN_OF("idempotency_keys")}`,
    [ownerId ?? "", task, key],
  );
  return rows[0] ?? null;
}
