/**
 * The scenarios that follow streams through the load balancer (a web node killed, Redis unreachable),
 * the one behind PgBouncer, and the throughput and cost measurements (scenarios.ts has the others).
 */
import {
  api,
  follow,
  gapless,
  longForecast,
  submitForecast,
  verdictFailures,
  verdictLine,
  verifyRuns,
  TERMINAL,
  type Follow,
} from "./check";
import type { Outcome, ScenarioContext } from "./scenarios";
import { cancelAcross } from "./scenarios";
import type { Cluster } from "./cluster";
import { sleep } from "./services";

const pctl = (xs: number[], q: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const msf = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "—");

async function seqsOf(c: Cluster, ids: string[]): Promise<Map<string, number[]>> {
  const r = await c.db.query<{ run_id: string; seqs: number[] }>(
    `select run_id, array_agg(seq order by seq) seqs from run_events where run_id = any($1::uuid[]) group by run_id`,
    [ids],
  );
  return new Map(r.rows.map((x) => [x.run_id, x.seqs.map(Number)]));
}

/** Streams complete: every client got every persisted event of its run once, in order, and one terminal status. */
async function checkStreams(c: Cluster, clients: { id: string; f: Follow }[]): Promise<string[]> {
  const seqs = await seqsOf(c, [...new Set(clients.map((x) => x.id))]);
  const bad: string[] = [];
  for (const { id, f } of clients) {
    const want = seqs.get(id) ?? [];
    const ok =
      f.seqs.length === want.length && f.seqs.every((s, i) => s === want[i]) && gapless(f.seqs, want.at(-1) ?? 0);
    if (!ok)
      bad.push(
        `run ${id}: stream had ${f.seqs.length} events (${f.seqs.slice(0, 3).join(",")}…), database ${want.length}`,
      );
    else if (f.terminal.length !== 1) bad.push(`run ${id}: ${f.terminal.length} terminal statuses on the stream`);
  }
  return bad;
}

/** 200 clients follow runs through HAProxy; the web node serving most of them is killed (kill -9). */
export async function killWebNode(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  const token = c.tokens[1]!;
  const runs = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      submitForecast(c.lbUrl, token, longForecast(5000 + i + Math.floor(Math.random() * 1e6), 300_000)).then(
        (r) => r.id,
      ),
    ),
  );
  const clients = Array.from({ length: x.clients }, (_, i) => {
    const id = runs[i % runs.length]!;
    return { id, f: follow(c.lbUrl, token, id, { timeoutMs: 300_000 }) };
  });
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(100))
    if (clients.every((k) => k.f.connects > 0 || k.f.terminal.length)) break;
  const live = clients.filter((k) => !k.f.terminal.length);
  const byNode = new Map<string, number>();
  for (const k of live) byNode.set(k.f.via.at(-1)!, (byNode.get(k.f.via.at(-1)!) ?? 0) + 1);
  const [victimName, served] = [...byNode].sort((a, b) => b[1] - a[1])[0] ?? ["web1", 0];
  const victim = c.web.find((w) => w.host.name === victimName)!;
  const t0 = Date.now();
  await victim.kill9();
  x.log(`kill -9 of every process of ${victimName}, which served ${served} of ${live.length} live streams`);
  await Promise.all(clients.map((k) => k.f.done));
  const failures = await checkStreams(c, clients);
  const dropped = clients.filter((k) => k.f.drops.length);
  const resumes = dropped.map((k) => (k.f.drops[0]!.resumedAt ?? Number.NaN) - k.f.drops[0]!.at);
  const unresumed = dropped.filter((k) => k.f.drops.some((d) => d.resumedAt === undefined) && !k.f.terminal.length);
  if (unresumed.length) failures.push(`${unresumed.length} client(s) never resumed`);
  const window = 3000;
  const errors = clients.flatMap((k) => k.f.http5xx);
  const outside = errors.filter((e) => e.at < t0 || e.at > t0 + window);
  if (outside.length) failures.push(`${outside.length} HTTP 5xx outside the ${window / 1000} s window after the kill`);
  await victim.start();
  await c.waitLb();
  const v = await verifyRuns(c.db, runs);
  return {
    name: `kill -9 of a web node under ${x.clients} SSE clients`,
    figures: [
      ["streams on the killed node", `${served} of ${live.length} live`],
      [
        "drop → resumed on the other node",
        `p50 ${msf(pctl(resumes, 0.5))}, max ${msf(Math.max(...resumes))} (${dropped.length} clients)`,
      ],
      ["5xx during the window (HAProxy)", `${errors.length} (window ${window / 1000} s: health check 2 × 500 ms)`],
      ["streams complete (no gap, no duplicate)", `${clients.length - failures.length} of ${clients.length}`],
      ["runs", verdictLine(v)],
    ],
    failures: [...failures.slice(0, 10), ...verdictFailures(v)],
  };
}

/** Redis's host unreachable (link down): submissions and runs continue; streams catch up when it returns. */
export async function redisDown(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  if (!c.redis)
    return { name: "Redis unreachable", figures: [["skipped", "no redis-server on this machine"]], failures: [] };
  const token = c.tokens[1]!;
  const before = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      submitForecast(c.lbUrl, token, longForecast(6000 + i + Math.floor(Math.random() * 1e6), 300_000)).then(
        (r) => r.id,
      ),
    ),
  );
  const clients = before.map((id) => ({ id, f: follow(c.lbUrl, token, id, { timeoutMs: 300_000 }) }));
  await sleep(1000);
  const t0 = Date.now();
  c.hosts.cache.link(false);
  x.log(`link of the Redis host down for ${x.cutSeconds} s`);
  const submitMs: number[] = [];
  const statuses = new Map<number, number>();
  const during: string[] = [];
  while (Date.now() < t0 + x.cutSeconds * 1000) {
    const s0 = Date.now();
    const r = await api<{ runId: string }>(`${c.lbUrl}/api/v1/forecasts/when`, token, {
      body: longForecast(7000 + during.length + Math.floor(Math.random() * 1e6), 40_000),
      timeoutMs: 30_000,
    }).catch(() => ({ status: 0, body: { runId: "" }, via: null }));
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.status === 202 || r.status === 200) {
      submitMs.push(Date.now() - s0);
      during.push(r.body.runId);
      clients.push({ id: r.body.runId, f: follow(c.lbUrl, token, r.body.runId, { timeoutMs: 300_000 }) });
    }
    await sleep(500);
  }
  c.hosts.cache.link(true);
  const t1 = Date.now();
  x.log("link of the Redis host up again");
  const watch = setInterval(() => {
    const waiting = clients.filter((k) => !k.f.terminal.length);
    if (waiting.length)
      x.log(
        `${waiting.length} stream(s) still waiting: ${waiting
          .slice(0, 3)
          .map((k) => `${k.id} (${k.f.seqs.length} events, ${k.f.connects} connects, via ${k.f.via.join("/")})`)
          .join(", ")}`,
      );
  }, 15_000);
  await Promise.all(clients.map((k) => k.f.done));
  clearInterval(watch);
  const caughtUp = Math.max(...clients.map((k) => (k.f.terminalAt ?? Number.NaN) - t1));
  // how long after a run ended its stream heard it (the run's end is the database's clock)
  const ended = await c.db.query<{ id: string; at: Date }>(
    `select id, finished_at at from runs where id = any($1::uuid[])`,
    [clients.map((k) => k.id)],
  );
  const endAt = new Map(ended.rows.map((r) => [r.id, r.at.getTime()]));
  const lags = clients.map((k) => (k.f.terminalAt ?? Number.NaN) - (endAt.get(k.id) ?? Number.NaN));
  const failures = await checkStreams(c, clients);
  const refused = [...statuses].filter(([s]) => s !== 202 && s !== 200);
  if (refused.length)
    failures.push(`submissions during the outage answered ${refused.map(([s, n]) => `${s}×${n}`).join(", ")}`);
  const v = await verifyRuns(c.db, [...before, ...during]);
  return {
    name: `Redis host unreachable for ${x.cutSeconds} s`,
    figures: [
      [
        "submissions during the outage",
        `${during.length} accepted of ${[...statuses.values()].reduce((a, b) => a + b, 0)}`,
      ],
      ["submit latency during the outage", `p50 ${msf(pctl(submitMs, 0.5))}, max ${msf(Math.max(...submitMs))}`],
      ["link up → last stream ended (runs queued meanwhile)", msf(caughtUp)],
      ["run ended → its stream heard it", `p50 ${msf(pctl(lags, 0.5))}, max ${msf(Math.max(...lags))}`],
      ["streams complete (no gap, no duplicate)", `${clients.length - failures.length} of ${clients.length}`],
      ["runs", verdictLine(v)],
    ],
    failures: [...failures.slice(0, 10), ...verdictFailures(v)],
  };
}

/** Every node behind PgBouncer (transaction pooling): the cancel scenario, a burst with streams, a workflow. */
export async function behindPgBouncer(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  const wasDirect = !c.web[0]!.usesBouncer();
  if (wasDirect) await c.restartNodes({ DATABASE_URL: c.databaseUrl(false), DATABASE_DIRECT_URL: c.databaseUrl(true) });
  const cancel = await cancelAcross(x, 3);
  const token = c.tokens[1]!;
  const burst = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      submitForecast(c.lbUrl, token, longForecast(8000 + i + Math.floor(Math.random() * 1e6), 20_000)).then(
        (r) => r.id,
      ),
    ),
  );
  const clients = burst.map((id) => ({ id, f: follow(c.lbUrl, token, id, { timeoutMs: 120_000 }) }));
  const conns = await c.db.query<{ n: string }>(
    `select count(*) n from pg_stat_activity where datname = current_database()`,
  );
  const wf = await api<{ runId: string }>(`${c.lbUrl}/api/v1/workflows`, token, {
    body: {
      kind: "group",
      steps: [0, 1, 2].map((i) => ({ task: "forecast.when", input: longForecast(9000 + i, 20_000) })),
    },
  });
  await Promise.all(clients.map((k) => k.f.done));
  const failures = [...cancel.failures, ...(await checkStreams(c, clients))];
  const ids = [...burst];
  if (wf.status === 202 || wf.status === 200) ids.push(wf.body.runId);
  else failures.push(`workflow submit answered ${wf.status}: ${JSON.stringify(wf.body).slice(0, 200)}`);
  const v = await verifyRuns(c.db, ids, 120_000);
  if (wf.body.runId && v.statuses.succeeded !== ids.length)
    failures.push("not every run of the burst and the workflow succeeded");
  if (wasDirect) await c.restartNodes({ DATABASE_URL: c.databaseUrl(true), DATABASE_DIRECT_URL: undefined });
  return {
    name: "every node behind PgBouncer (transaction pooling)",
    figures: [
      ...cancel.figures.filter(([k]) => k.startsWith("cancel")),
      ["PostgreSQL backends during the burst", conns.rows[0]!.n],
      ["streams complete (no gap, no duplicate)", `${clients.length} clients`],
      ["runs", verdictLine(v)],
    ],
    failures: [...failures.slice(0, 10), ...verdictFailures(v)],
  };
}

interface Cost {
  statements: number;
  rows: number;
  walBytes: number;
  ms: number;
}
async function resetStatements(c: Cluster) {
  await c.db.query("select pg_stat_statements_reset()");
}
async function statementsCost(c: Cluster): Promise<Cost> {
  const r = await c.db.query<{ calls: string; rows: string; wal: string; ms: string }>(
    `select sum(calls) calls, sum(rows) rows, sum(wal_bytes) wal, sum(total_exec_time) ms from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and userid = (select oid from pg_roles where rolname = 'postgres')`,
  );
  const x = r.rows[0]!;
  return { statements: Number(x.calls), rows: Number(x.rows), walBytes: Number(x.wal), ms: Number(x.ms) };
}

/** No-op runs and a chunked 10⁸-trial forecast with 1, 2, … worker hosts; PostgreSQL's cost per no-op run. */
export async function throughput(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  const admin = c.tokens[0]!;
  const figures: [string, string][] = [];
  const failures: string[] = [];
  const N = 600;
  const all: string[] = [];
  for (let n = 1; n <= c.workers.length; n++) {
    await Promise.all(c.workers.map((w, i) => (i < n ? w.ensureStarted() : w.stop())));
    await sleep(DEAD_SETTLE_MS);
    // the background every host adds (heartbeats, sweeps, schedule ticks), per second, to subtract
    await resetStatements(c);
    const idleFrom = Date.now();
    await sleep(5000);
    const idle = await statementsCost(c);
    const idleS = (Date.now() - idleFrom) / 1000;
    await resetStatements(c);
    const ids: string[] = [];
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < N) {
          next++;
          const r = await api<{ runId: string }>(`${c.lbUrl}/api/v1/runs`, admin, {
            body: { task: "system.health", input: {} },
          });
          if (r.status === 202 || r.status === 200) ids.push(r.body.runId);
          else failures.push(`no-op submit answered ${r.status}`);
        }
      }),
    );
    const v = await verifyRuns(c.db, ids, 120_000);
    const span = await c.db.query<{ s: number }>(
      `select extract(epoch from max(finished_at) - min(created_at)) * 1000 s from runs where id = any($1::uuid[])`,
      [ids],
    );
    const ms = Number(span.rows[0]!.s);
    const gross = await statementsCost(c);
    const busyS = (Date.now() - t0) / 1000;
    const k = busyS / idleS;
    const cost: Cost = {
      statements: gross.statements - k * idle.statements,
      rows: gross.rows - k * idle.rows,
      walBytes: gross.walBytes - k * idle.walBytes,
      ms: gross.ms - k * idle.ms,
    };
    all.push(...ids);
    figures.push([
      `no-op runs, ${n} worker host${n > 1 ? "s" : ""}`,
      `${(ids.length / (ms / 1000)).toFixed(0)} runs/s end to end (${ids.length} runs through HAProxy, ${CLIENTS} clients, ${(Date.now() - t0) / 1000} s)`,
    ]);
    figures.push([
      `  PostgreSQL per run (${n} host${n > 1 ? "s" : ""}, net of idle)`,
      `${(cost.statements / ids.length).toFixed(1)} statements, ${(cost.rows / ids.length).toFixed(1)} rows, ${(cost.walBytes / ids.length / 1024).toFixed(1)} KiB WAL, ${(cost.ms / ids.length).toFixed(2)} ms executing (idle background: ${(idle.statements / idleS).toFixed(0)} statements/s)`,
    ]);
    failures.push(...verdictFailures(v));
    const big = await submitForecast(c.lbUrl, admin, {
      samples: [3, 5, 2, 6, 4, 5, 3, 7, 4, 5, 2, 6],
      backlog: 100,
      trials: 100_000_000,
      seed: 42 + n,
    });
    const bv = await verifyRuns(c.db, [big.id], 900_000);
    const took = await c.db.query<{ s: number; children: string; hosts: string }>(
      `select extract(epoch from r.finished_at - r.created_at) s,
              (select count(*) from runs k where k.parent_id = r.id) children,
              (select count(distinct split_part(k.worker_id, ':', 1)) from runs k where k.parent_id = r.id) hosts
         from runs r where r.id = $1`,
      [big.id],
    );
    const t = took.rows[0]!;
    figures.push([
      `10⁸-trial forecast, ${n} worker host${n > 1 ? "s" : ""}`,
      `${Number(t.s).toFixed(1)} s (${t.children} chunk runs on ${t.hosts} host(s)); ${bv.statuses.succeeded ? "result equal to the single-process one" : JSON.stringify(bv.statuses)}`,
    ]);
    failures.push(...verdictFailures(bv));
  }
  figures.push([
    "note",
    "every host shares this machine's 2 cores: the figures show coordination overhead, not speed-up",
  ]);
  return { name: "throughput and PostgreSQL cost by worker hosts", figures, failures };
}

const DEAD_SETTLE_MS = 1000;
/** Concurrent submitters of no-op runs (each submission one HTTP request through HAProxy). */
const CLIENTS = 32;

/** A 10⁸-trial forecast (10 chunk runs; above the split threshold), seeded so it can be recomputed. */
const hugeForecast = (seed: number) => ({
  samples: [3, 5, 2, 6, 4, 5, 3, 7, 4, 5, 2, 6],
  backlog: 100,
  trials: 100_000_000,
  seed,
});

type Chunk = { id: string; status: string; worker_id: string | null; attempt: number; finished_at: Date | null };
const chunksOf = async (c: Cluster, parent: string) =>
  (
    await c.db.query<Chunk>(
      `select id, status::text, worker_id, attempt, finished_at from runs where parent_id = $1 order by step`,
      [parent],
    )
  ).rows;

/**
 * A split forecast over every worker host: Cancel of the parent stops every chunk on every host; a
 * host killed while it runs chunks costs only those chunks (they re-run alone), and the parent's
 * result is stored once and equals the one-process result.
 */
export async function splitAcrossHosts(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  const token = c.tokens[1]!;
  const failures: string[] = [];
  const figures: [string, string][] = [];
  const live = (ch: Chunk[]) => ch.filter((k) => k.status === "running" && k.worker_id);
  const spread = (ch: Chunk[]) => new Set(live(ch).map((k) => c.hostOfWorker(k.worker_id)));
  // 1. cancel
  const a = await submitForecast(c.lbUrl, token, hugeForecast(100 + Math.floor(Math.random() * 1e6)));
  const running = await waitForChunks(c, a.id, (ch) => spread(ch).size >= 2);
  const t0 = Date.now();
  const r = await api(`${c.lbUrl}/api/v1/runs/${a.id}/cancel`, token, { method: "POST" });
  if (r.status >= 300) failures.push(`cancel of the parent answered ${r.status}`);
  const ended = await waitForChunks(c, a.id, (ch) => ch.every((k) => TERMINAL.has(k.status)), 30_000);
  const stopMs = Math.max(...ended.map((k) => (k.finished_at?.getTime() ?? Number.NaN) - t0));
  if (!(stopMs < 1000)) failures.push(`the last chunk stopped ${Math.round(stopMs)} ms after the cancel (goal < 1 s)`);
  figures.push([
    "cancel of the parent → every chunk stopped",
    `${msf(stopMs)} (${live(running).length} chunks running on ${[...spread(running)].join(", ")})`,
  ]);
  // 2. a host dies under some chunks
  const b = await submitForecast(c.lbUrl, token, hugeForecast(200 + Math.floor(Math.random() * 1e6)));
  const before = await waitForChunks(c, b.id, (ch) => spread(ch).size >= 2 && ch.some((k) => k.status === "succeeded"));
  const victim = c.hostOfWorker(live(before)[0]!.worker_id)!;
  const doneBefore = new Map(
    before.filter((k) => k.status === "succeeded").map((k) => [k.id, k.finished_at?.getTime()]),
  );
  const hit = live(before)
    .filter((k) => c.hostOfWorker(k.worker_id) === victim)
    .map((k) => k.id);
  await c.workers.find((w) => w.host.name === victim)!.kill9();
  x.log(`kill -9 of ${victim}, which ran ${hit.length} chunk(s); ${doneBefore.size} chunk(s) had finished`);
  const v = await verifyRuns(c.db, [a.id, b.id], 300_000);
  const after = await chunksOf(c, b.id);
  const rerun = after.filter((k) => doneBefore.has(k.id) && k.finished_at?.getTime() !== doneBefore.get(k.id));
  if (rerun.length) failures.push(`${rerun.length} chunk(s) that had finished ran again`);
  const moved = after.filter((k) => hit.includes(k.id));
  if (moved.some((k) => k.status !== "succeeded" || c.hostOfWorker(k.worker_id) === victim))
    failures.push("a chunk of the killed host did not finish on another host");
  if (v.statuses.succeeded !== 1 || v.statuses.cancelled !== 1)
    failures.push(`expected one cancelled and one succeeded parent, got ${JSON.stringify(v.statuses)}`);
  const events = await c.db.query<{ n: string }>(
    `select count(*) n from run_events where run_id = $1 and type = 'status' and payload->>'status' = 'succeeded'`,
    [b.id],
  );
  figures.push([
    "host killed under chunks",
    `${hit.length} chunk(s) re-ran elsewhere, ${doneBefore.size} finished chunk(s) kept (not re-run), ${events.rows[0]!.n} succeeded event for the parent`,
  ]);
  await c.workers.find((w) => w.host.name === victim)!.start();
  figures.push(["runs", verdictLine(v)]);
  return { name: "a split forecast across worker hosts", figures, failures: [...failures, ...verdictFailures(v)] };
}

async function waitForChunks(c: Cluster, parent: string, ok: (ch: Chunk[]) => boolean, ms = 120_000): Promise<Chunk[]> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(50)) {
    const ch = await chunksOf(c, parent);
    if (ch.length && ok(ch)) return ch;
  }
  throw new Error(`the chunks of ${parent} did not reach the expected state within ${ms / 1000} s`);
}
