/**
 * The hot writes of the run lifecycle, each ONE statement for any number of runs (issue 17):
 *
 *  - `insertRuns` (./run-insert.repository.ts): runs, their first RunEvent, their idempotency keys and their Graphile jobs (rows of
 *    graphile_worker's job table as add_jobs writes them — a new run's job never merges with another —
 *    and Graphile's `jobs:insert` notification; add_jobs itself for a task not registered yet);
 *  - `applyTransitions`: status changes, each a compare-and-set kept per row (status in `from`, and the
 *    attempt/worker guard), with its RunEvent, its field changes, a job re-added (retry, redrive), its
 *    concurrency slots taken (a start) or given back (an end), and waiting runs woken — all for a whole
 *    batch at once.
 *
 * Both are named prepared statements on the `pg` driver (parsed and planned once per connection) with
 * the batch as one jsonb parameter. The batching itself (who waits for whom) is src/runs/writer.ts.
 *
 * Concurrency slots without a lock: a limit of N is N rows of `slots` per scope (`q:<queue>`,
 * `k:<concurrency key>`); a start claims the free rows it needs with FOR UPDATE SKIP LOCKED in the
 * statement that moves the run to `running`, so concurrent starts in one queue never wait on each
 * other, and a row is held by one run at most — the limit holds exactly across every worker. A start
 * that finds a scope full (or its queue paused) leaves the run as it was, defers its job by a backstop
 * delay and records it in `slot_waiters`; an end that frees a slot reschedules the best waiters' jobs
 * at once (highest priority first) and nudges the workers (Graphile's `jobs:insert` notification).
 */
import { sql } from "@/server/db";
import type { SerializedError } from "./errors";
import { runColumns, type RunRow } from "./run.repository";
import type { RunStatus } from "./status";

/** Fields a transition may set. `attemptDelta` adds to the attempt counter. */
export interface RunPatch {
  progress?: number;
  stage?: string | null;
  message?: string | null;
  etaAt?: Date | null;
  result?: unknown;
  error?: SerializedError | null;
  attemptDelta?: number;
  /** Start a new attempt series (redrive). */
  resetAttempt?: boolean;
  /** Adds to max_attempts (an attempt lost with its worker is not charged to the retry budget). */
  maxAttemptsDelta?: number;
  workerId?: string | null;
  heartbeatNow?: boolean;
  startedNow?: boolean;
  finishedNow?: boolean;
  clearFinished?: boolean;
  runAt?: Date;
}

export interface TransitionArgs {
  id: string;
  from: readonly RunStatus[];
  to: RunStatus;
  patch?: RunPatch;
  /** Extra fields for the status RunEvent payload. */
  event?: Record<string, unknown>;
  /**
   * Only if this worker still holds this attempt: a worker wrongly declared dead (and swept) can no
   * longer finish the attempt that replaced its own — results are keyed by run id + attempt.
   */
  guard?: { attempt: number; workerId: string };
  /** Re-add the Graphile job (retry/redrive) in the same statement. */
  requeue?: { task: string; runAt: Date; priority: number };
  /**
   * Give back the run's concurrency slots in the same statement (when the transition happens): the
   * slots its start took (see TransitionAnswer.slots), or `true` to look them up by run.
   */
  releaseSlot?: boolean | readonly SlotKey[];
  /** A start: take a slot of each scope the run needs (its queue, its concurrency key) for this worker. */
  claimSlots?: { workerId: string };
}

/** A concurrency slot: its scope (`q:<queue>`, `k:<key>`) and number. */
export interface SlotKey {
  scope: string;
  slot: number;
}

/**
 * `ok`: applied (`slots`: those a start took). `full`/`paused`: a start refused for want of a slot (run
 * unchanged, job deferred). null: the compare-and-set failed.
 */
export type TransitionAnswer =
  { answer: "ok"; row: RunRow; slots: SlotKey[] } | { answer: "full" | "paused" | null; row: null; slots?: undefined };

/** Graphile-level attempts: only infrastructure failures (DB down mid-write) reach Graphile's retry. */
export const GRAPHILE_MAX_ATTEMPTS = 10;
/** How long a start refused for want of a slot waits at most before its job is tried again (ms, + up to half again). */
export const SLOT_BACKSTOP_MS = 750;

function patchJson(p: RunPatch): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    o[k] = v instanceof Date ? v.toISOString() : v;
  }
  if ("result" in o) o.result = p.result ?? null;
  return o;
}

/** The jsonb element of one transition (see TRANSITIONS_SQL). */
export function transitionJson(a: TransitionArgs): Record<string, unknown> {
  return {
    id: a.id,
    from: a.from,
    to: a.to,
    ...(a.patch ? { set: patchJson(a.patch) } : {}),
    ...(a.event ? { ev: a.event } : {}),
    ...(a.guard ? { g: [a.guard.attempt, a.guard.workerId] } : {}),
    ...(a.requeue ? { rq: { task: a.requeue.task, at: a.requeue.runAt.toISOString(), pri: a.requeue.priority } } : {}),
    ...(a.releaseSlot ? { rel: a.releaseSlot } : {}),
    ...(a.claimSlots ? { claim: a.claimSlots.workerId } : {}),
  };
}

/** Fluxo's priority (higher first) as Graphile's (lower first), within smallint. */
export const graphilePriority = (p: number) => Math.max(-32768, Math.min(32767, -p));

const setIf = (col: string, key: string, cast: string) =>
  `${col} = case when c.j->'set' ? '${key}' then (c.j->'set'->>'${key}')${cast} else r.${col} end`;
const RUN_CAS = `r.status::text in (select jsonb_array_elements_text(c.j->'from'))
    and (c.j->'g' is null or (r.attempt = (c.j->'g'->>0)::int and r.worker_id = c.j->'g'->>1))`;

/**
 * What a batch of transitions needs: slots taken (starts), slots given back by key or looked up by
 * run, jobs re-added. A batch without starts returns rows without `input` and `result` (null): nobody
 * reads them back from an end, and they can be large.
 */
interface Features {
  claim: boolean;
  release: boolean;
  releaseLookup: boolean;
  requeue: boolean;
}

/** The row columns a batch returns: starts need the whole run (its input); other changes do not. */
function returned(f: Features): string {
  if (f.claim) return runColumns("u");
  return runColumns("u")
    .replace(`u.input as "input"`, `null::jsonb as "input"`)
    .replace(`u.result as "result"`, `null::jsonb as "result"`);
}

/**
 * The statement for a batch, with only the parts its transitions need (each combination is its own
 * prepared statement): a batch of ends does not plan or run the slot-claiming part, and so on.
 */
function transitionsSql(f: Features): string {
  const parts: string[] = [];
  parts.push(`c0 as (
  select x.ord::int as i, (x.j->>'id')::uuid as id, x.j
  from jsonb_array_elements($1::jsonb) with ordinality as x(j, ord)
)`);
  // The transitions whose compare-and-set holds in this snapshot (the update checks again), with what a
  // start needs of the run. Each run is looked up by primary key (the lateral limit keeps the planner
  // from hashing the whole table: it estimates a jsonb batch at 100 rows whatever its size).
  parts.push(`c as (
  select c.i, c.id, c.j, r.queue, r.task, r.priority, r.concurrency_key as ck, r.concurrency_limit as cl
  from c0 c cross join lateral (select * from runs r where r.id = c.id limit 1) r
  where ${RUN_CAS}
)`);
  if (f.claim)
    parts.push(`need as (
  -- the slot scopes each start needs, with the scope's limit (0 while its queue is paused)
  select c.i, c.id, 'q:' || c.queue as scope, case when q.paused then 0 else q.concurrency end as lim
  from c join queues q on q.name = c.queue where c.j ? 'claim'
  union all
  select c.i, c.id, 'k:' || c.ck, c.cl from c where c.j ? 'claim' and c.ck is not null
), got as (
  -- free slots of those scopes, as many as asked, skipping rows another start has locked
  select d.scope, f.slot, row_number() over (partition by d.scope order by f.slot) as rn
  from (select scope, max(lim) as lim, count(*) as n from need group by scope) d
  cross join lateral (
    select s.slot from slots s
    where s.scope = d.scope and s.run_id is null and s.slot < d.lim
    order by s.slot limit d.n for update skip locked
  ) f
), paired as (
  select n.i, n.id, n.scope, g.slot
  from (select need.*, row_number() over (partition by need.scope order by need.i) as rn from need) n
  left join got g on g.scope = n.scope and g.rn = n.rn
), granted as (
  select i from paired group by i having bool_and(slot is not null)
)`);
  parts.push(`u as (
  update runs r set
    status = (c.j->>'to')::"RunStatus",
    event_seq = r.event_seq + 1,
    ${setIf("progress", "progress", "::float8")},
    ${setIf("stage", "stage", "")},
    ${setIf("message", "message", "")},
    ${setIf("eta_at", "etaAt", "::timestamptz")},
    result = case when c.j->'set' ? 'result' then c.j->'set'->'result' else r.result end,
    error = case when c.j->'set' ? 'error' then nullif(c.j->'set'->'error', 'null'::jsonb) else r.error end,
    attempt = case when (c.j->'set'->>'resetAttempt')::bool then 0
                   else r.attempt + coalesce((c.j->'set'->>'attemptDelta')::int, 0) end,
    max_attempts = r.max_attempts + coalesce((c.j->'set'->>'maxAttemptsDelta')::int, 0),
    ${setIf("worker_id", "workerId", "")},
    heartbeat_at = case when (c.j->'set'->>'heartbeatNow')::bool then now() else r.heartbeat_at end,
    started_at = case when (c.j->'set'->>'startedNow')::bool then clock_timestamp() else r.started_at end,
    finished_at = case when (c.j->'set'->>'finishedNow')::bool then now()
                       when (c.j->'set'->>'clearFinished')::bool then null else r.finished_at end,
    ${setIf("run_at", "runAt", "::timestamptz")}
  from c
  where r.id = c.id and ${RUN_CAS}${f.claim ? `\n    and (not c.j ? 'claim' or c.i in (select i from granted))` : ""}
  returning r.*, c.i, c.j
), e as (
  insert into run_events (run_id, seq, type, payload)
  select u.id, u.event_seq, 'status',
    jsonb_build_object('status', u.status::text, 'attempt', u.attempt, 'progress', u.progress)
      || coalesce(u.j->'ev', '{}'::jsonb)
  from u
), unwait as (
  -- a run that changed status no longer waits for a slot
  delete from slot_waiters w where w.run_id in (select id from u) and exists (select 1 from slot_waiters)
)`);
  if (f.claim)
    parts.push(`taken as (
  update slots s set run_id = p.id, worker_id = u.j->>'claim', acquired_at = now()
  from paired p join u on u.i = p.i
  where s.scope = p.scope and s.slot = p.slot
), refused as (
  select c.i, c.id, c.task, c.priority from c where c.j ? 'claim' and c.i not in (select i from granted)
), waits as (
  insert into slot_waiters (run_id, scope, priority)
  select p.id, p.scope, f.priority from paired p join refused f on f.i = p.i where p.slot is null
  on conflict do nothing
)`);
  const freedSets: string[] = [];
  if (f.release) {
    freedSets.push("select scope from freed");
    parts.push(`freed as (
  -- by the slots the start took (their keys; a run holds at most two: its queue's and its key's — the
  -- limit also steers the planner to the primary key instead of a scan)
  update slots s set run_id = null, worker_id = null, acquired_at = null
  from u cross join lateral (
    select x.scope, x.slot from jsonb_to_recordset(u.j->'rel') as x(scope text, slot int) limit 2) k
  where jsonb_typeof(u.j->'rel') = 'array' and s.scope = k.scope and s.slot = k.slot and s.run_id = u.id
  returning s.scope
)`);
  }
  if (f.releaseLookup) {
    freedSets.push("select scope from freed_any");
    parts.push(`freed_any as (
  -- slots whose keys the caller does not know: looked up by run
  update slots s set run_id = null, worker_id = null, acquired_at = null
  from u where s.run_id = u.id and jsonb_typeof(u.j->'rel') = 'boolean'
  returning s.scope
)`);
  }
  if (freedSets.length)
    parts.push(`woken as (
  -- the best waiters of each scope that gave slots back, as many as it gave back
  select w.run_id
  from (select scope, count(*)::int as n from (${freedSets.join(" union all ")}) x group by scope) f
  cross join lateral (
    select sw.run_id from slot_waiters sw where sw.scope = f.scope order by sw.priority desc, sw.since limit f.n
  ) w
  where exists (select 1 from slot_waiters)
), wake as (
  delete from slot_waiters where run_id in (select run_id from woken) returning run_id
), resched as (
  select count(*)::int as n
  from (select array(select run_id::text from wake) as keys) k
  cross join lateral (select array(select j.id from graphile_worker.jobs j
                      where j.key = any(k.keys) and j.locked_at is null) as ids) s
  cross join lateral graphile_worker.reschedule_jobs(s.ids, now()) x
  where cardinality(k.keys) > 0 and cardinality(s.ids) > 0
), nudge as (
  select pg_notify('jobs:insert', json_build_object('count', n)::text) from resched where n > 0
)`);
  if (f.requeue || f.claim) {
    const specs: string[] = [];
    if (f.requeue)
      specs.push(`select row(u.task, json_build_object('runId', u.id::text), null, (u.j->'rq'->>'at')::timestamptz,
                 $2::smallint, u.id::text, (u.j->'rq'->>'pri')::smallint, null)::graphile_worker.job_spec
      from u where u.j ? 'rq'`);
    if (f.claim)
      specs.push(`select row(f.task, json_build_object('runId', f.id::text), null,
                 now() + (${SLOT_BACKSTOP_MS} * (1 + random() / 2)) * interval '1 millisecond',
                 $2::smallint, f.id::text, (-f.priority)::smallint, null)::graphile_worker.job_spec
      from refused f`);
    parts.push(`jobs as (
  -- jobs re-added (retry, redrive) and starts deferred for want of a slot, in one add_jobs call
  select count(*)::int as n
  from (select array(
      ${specs.join("\n      union all\n      ")}) as specs) s
  cross join lateral graphile_worker.add_jobs(s.specs) x
  where cardinality(s.specs) > 0
)`);
  }
  const extra: string[] = [];
  if (f.requeue || f.claim) extra.push(`(select n from jobs) as "_jobs"`);
  if (freedSets.length) extra.push(`(select count(*) from nudge) as "_nudged"`);
  if (f.claim)
    extra.push(`case when u.id is not null and c.j ? 'claim' then
    (select jsonb_agg(jsonb_build_object('scope', p.scope, 'slot', p.slot)) from paired p where p.i = c0.i) end as "_slots"`);
  const answer = f.claim
    ? `case when u.id is not null then 'ok'
       when c.i is not null and c.j ? 'claim' then
         case when exists (select 1 from queues q where q.name = c.queue and q.paused) then 'paused' else 'full' end
  end`
    : `case when u.id is not null then 'ok' end`;
  return `with ${parts.join(", ")}
select c0.i, ${answer} as answer,
  ${[...extra, returned(f)].join(",\n  ")}
from c0 left join c on c.i = c0.i left join u on u.i = c0.i
order by c0.i`;
}

const statements = new Map<number, { name: string; text: string }>();

function transitionsStatement(f: Features): { name: string; text: string } {
  const mask = (f.claim ? 1 : 0) | (f.release ? 2 : 0) | (f.releaseLookup ? 4 : 0) | (f.requeue ? 8 : 0);
  let st = statements.get(mask);
  if (!st) statements.set(mask, (st = { name: `fluxo_transitions_v3_${mask}`, text: transitionsSql(f) }));
  return st;
}

type Answered = RunRow & { i: number; answer: "ok" | "full" | "paused" | null; _slots?: SlotKey[] | null };

/** Apply a batch of transitions in one statement; one answer per transition, in order. */
export async function applyTransitions(batch: readonly TransitionArgs[]): Promise<TransitionAnswer[]> {
  const st = transitionsStatement({
    claim: batch.some((a) => a.claimSlots),
    release: batch.some((a) => Array.isArray(a.releaseSlot) && a.releaseSlot.length > 0),
    releaseLookup: batch.some((a) => a.releaseSlot === true),
    requeue: batch.some((a) => a.requeue),
  });
  const json = JSON.stringify(batch.map(transitionJson));
  const rows = await sql<Answered & { _jobs?: unknown; _nudged?: unknown }>(
    st.name,
    st.text,
    st.text.includes("$2") ? [json, GRAPHILE_MAX_ATTEMPTS] : [json],
  );
  return rows.map((r) => {
    if (r.answer !== "ok") return { answer: r.answer, row: null };
    const { i: _i, answer: _a, _jobs, _nudged, _slots, ...row } = r;
    return { answer: "ok", row: row as RunRow, slots: _slots ?? [] };
  });
}
