/**
 * Retention at scale, measured: `npm run measure:retention -- [--runs 1000000] [--events 3] [--rate 20]
 * [--phase-seconds 30]`. On a fresh database (`fluxo_retention` on TEST_DATABASE_URL's server, default
 * the local PostgreSQL; an embedded one when none answers), it writes `--runs` finished runs whose
 * results expired a day ago, each with `--events` events, starts a real worker process, keeps a steady
 * stream of `system.health` runs going (`--rate` per second), and runs `runs.cleanup` while they flow.
 * It prints the tables' sizes and tuples before / after, how long the cleanup took, and the stream's
 * submit → end latency (from the runs' own timestamps) before, during and after the cleanup.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { resetEnvCache } from "@/env";
import { prepareTestDatabase } from "@/test/test-database";

const ROOT = path.resolve(import.meta.dirname, "..");
const { values: a } = parseArgs({
  options: {
    runs: { type: "string", default: "1000000" },
    events: { type: "string", default: "3" },
    rate: { type: "string", default: "20" },
    "phase-seconds": { type: "string", default: "30" },
  },
});
const RUNS = Number(a.runs);
const EVENTS = Number(a.events);
const RATE = Number(a.rate);
const PHASE_S = Number(a["phase-seconds"]);
for (const [k, v, lo, hi] of [
  ["runs", RUNS, 1_000, 10_000_000],
  ["events", EVENTS, 0, 20],
  ["rate", RATE, 1, 500],
  ["phase-seconds", PHASE_S, 5, 600],
] as const)
  if (!Number.isInteger(v) || v < lo || v > hi) {
    console.error(`--${k} must be a whole number from ${lo} to ${hi}`);
    process.exit(2);
  }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

const tdb = await prepareTestDatabase("fluxo_retention", ".data/pg-retention");
process.env.DATABASE_URL = tdb.url;
resetEnvCache();
const { db, closeDb } = await import("@/server/db");
const { enqueue } = await import("@/runs/enqueue");
const { healthTask } = await import("@/runs/health.task");
const { cleanupTask } = await import("@/runs/cleanup.task");

interface Sizes {
  table: string;
  total: number;
  live: number;
  dead: number;
}
async function sizes(): Promise<Sizes[]> {
  return db().$queryRaw<Sizes[]>`
    select relname as "table", pg_total_relation_size(relid)::float8 as total,
      n_live_tup::float8 as live, n_dead_tup::float8 as dead
    from pg_stat_user_tables where relname in ('runs', 'run_events') order by relname`;
}
function showSizes(label: string, s: Sizes[]) {
  console.log(
    `${label.padEnd(22)} ${s.map((x) => `${x.table}: ${mb(x.total)}, ${x.live.toLocaleString("en")} live / ${x.dead.toLocaleString("en")} dead tuples`).join("; ")}`,
  );
}

// 1. Seed: finished runs whose results expired a day ago, with their events, 50,000 per statement.
const t0 = Date.now();
const result = JSON.stringify({ percentiles: { 50: 9, 70: 10, 85: 11, 95: 12 }, histogram: Array(40).fill(25) });
for (let done = 0; done < RUNS; done += 50_000) {
  const n = Math.min(50_000, RUNS - done);
  await db().$executeRawUnsafe(
    `with r as (
      insert into runs (id, task, queue, status, progress, input, input_hash, result, attempt, created_at, started_at,
        finished_at, expires_at, event_seq)
      select gen_random_uuid(), 'forecast.when', 'default', 'succeeded', 1,
        jsonb_build_object('backlog', 100 + g % 50, 'samples', jsonb_build_array(3, 5, 4, 6, 2, 5, 4, 3, 6, 5, 4, 5)),
        md5(g::text), $1::jsonb, 1, now() - interval '9 days', now() - interval '9 days',
        now() - interval '9 days', now() - interval '1 day', ${EVENTS}
      from generate_series(1, ${n}) g
      returning id
    )
    insert into run_events (run_id, seq, type, payload, at)
    select r.id, s, case when s = ${EVENTS} then 'status' else 'progress' end,
      jsonb_build_object('progress', s::float8 / ${Math.max(1, EVENTS)}, 'stage', 'simulating'), now() - interval '9 days'
    from r cross join generate_series(1, ${EVENTS}) s`,
    result,
  );
  process.stdout.write(`\rseeded ${(done + n).toLocaleString("en")} runs`);
}
await db().$executeRawUnsafe(`analyze runs`);
await db().$executeRawUnsafe(`analyze run_events`);
console.log(
  `\nseeded ${RUNS.toLocaleString("en")} expired runs with ${EVENTS} events each in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
const before = await sizes();
showSizes("before", before);

// 2. A real worker process, and a steady stream of tiny runs through it.
const worker = spawn(process.execPath, ["--import", "tsx", "src/worker/main.ts"], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: "warn", WORKER_CONCURRENCY: "4", SCHEDULE_TICK_MS: "0" },
  stdio: ["ignore", "inherit", "inherit"],
});
for (let i = 0; i < 120; i++) {
  const live = await db().$queryRaw<{ n: number }[]>`select count(*)::int as n from workers where stopped_at is null`;
  if (live[0]!.n > 0) break;
  await sleep(500);
}
let streaming = true;
const stream = (async () => {
  let next = Date.now();
  while (streaming) {
    next += 1000 / RATE;
    void enqueue(healthTask, {}).catch((e: Error) => console.error(`submit failed: ${e.message}`));
    await sleep(Math.max(0, next - Date.now()));
  }
})();

const phase = async (label: string, from: Date, to: Date) => {
  const rows = await db().$queryRaw<{ n: number; p50: number; p95: number; max: number; unfinished: number }[]>`
    select count(*)::int as n,
      percentile_cont(0.5) within group (order by extract(epoch from finished_at - created_at) * 1000)::float8 as p50,
      percentile_cont(0.95) within group (order by extract(epoch from finished_at - created_at) * 1000)::float8 as p95,
      max(extract(epoch from finished_at - created_at) * 1000)::float8 as max,
      count(*) filter (where status <> 'succeeded')::int as unfinished
    from runs where task = 'system.health' and created_at >= ${from} and created_at < ${to}`;
  const r = rows[0]!;
  console.log(
    `${label.padEnd(22)} ${r.n} runs, submit → end p50 ${r.p50?.toFixed(0)} ms, p95 ${r.p95?.toFixed(0)} ms, max ${r.max?.toFixed(0)} ms, not succeeded ${r.unfinished}`,
  );
};

await sleep(5_000); // warm-up
const b0 = new Date();
await sleep(PHASE_S * 1000);
const b1 = new Date();

// 3. The cleanup, as the hourly schedule runs it (default batches and budget), while the stream goes on.
const c = await enqueue(cleanupTask, cleanupTask.input.parse({}));
let cleanup: { status: string; result: unknown; startedAt: Date | null; finishedAt: Date | null } | undefined;
let mid: Sizes[] | undefined;
for (;;) {
  await sleep(1000);
  [cleanup] = await db().$queryRaw<(typeof cleanup)[]>`
    select status::text, result, started_at as "startedAt", finished_at as "finishedAt" from runs where id = ${c.id}::uuid`;
  if (!mid && cleanup?.startedAt && Date.now() - cleanup.startedAt.getTime() > 20_000) mid = await sizes();
  if (cleanup && ["succeeded", "failed", "dead", "cancelled"].includes(cleanup.status)) break;
}
const c1 = new Date();
if (mid) showSizes("during (20 s in)", mid);
console.log(
  `cleanup ${cleanup!.status} in ${((cleanup!.finishedAt!.getTime() - cleanup!.startedAt!.getTime()) / 1000).toFixed(1)} s: ${JSON.stringify(cleanup!.result)}`,
);
await sleep(PHASE_S * 1000);
const a1 = new Date();
streaming = false;
await stream;
await sleep(3_000);
await phase("before cleanup", b0, b1);
await phase("during cleanup", cleanup!.startedAt!, c1);
await phase("after cleanup", c1, a1);
showSizes("after", await sizes());
const left = await db().$queryRaw<{ n: number }[]>`
  select count(*)::int as n from runs where expires_at < now() and task = 'forecast.when'`;
const orphan = await db().$queryRaw<{ n: number }[]>`
  select count(*)::int as n from run_events e where not exists (select 1 from runs r where r.id = e.run_id)`;
console.log(`expired runs left: ${left[0]!.n}; events without a run: ${orphan[0]!.n}`);
await db().$executeRawUnsafe(`vacuum (analyze) runs`);
await db().$executeRawUnsafe(`vacuum (analyze) run_events`);
showSizes("after VACUUM", await sizes());

worker.kill("SIGTERM");
await new Promise((r) => worker.once("exit", r));
await closeDb();
await tdb.stop();
