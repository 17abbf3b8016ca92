/**
 * `npm run bench`: figures for this machine, with a peer beside each of ours. Not a test.
 *
 *  1. no-op run round trip (enqueue → `succeeded` heard over pub/sub), sequential: p50/p95;
 *     peer: plain Graphile Worker (addJob → handler returned), the base Fluxo adds its lifecycle to.
 *  2. throughput: N no-op runs enqueued at once, worker concurrency 8: runs/s; same peer.
 *  3. submit → first progress event on the run's SSE stream: p50/p95.
 *  4. the two-tier cache: L1 hit, L2 hit, miss latency; 1,000 concurrent callers of one key;
 *  5. Monte Carlo forecast.when (bench/montecarlo.bench.ts): the whole `fluxo compute forecast.when`
 *     process, 2M trials, and simulated periods/s per core; peer: the same computation in numpy.
 *  6. workflows: a group of 100 children and a chord of 100 + callback, start → parent ended;
 *     peer: 100 plain Graphile jobs added at once.
 *  7. ETo (bench/eto.bench.ts): daily FAO-56 over 10 years × 1,000 locations on one core;
 *     peer: the same equations vectorised in numpy (bench/numpy_eto.py) on the same inputs.
 *  8. portfolio metrics (bench/portfolio.bench.ts): every metric of 10 years of daily returns × 500
 *     assets on one core, and their 500 × 500 correlation matrix; peer: numpy (bench/numpy_portfolio.py).
 *  9. efficient frontier (bench/frontier.bench.ts): 50 assets × 50 points, long-only, active-set QP;
 *     peer: scipy SLSQP on the same μ, Σ and targets (bench/scipy_frontier.py), when installed.
 * 10. job round trip vs BullMQ and Celery (bench/queues.bench.ts): no-op and 50 ms jobs at
 *     concurrency 1, 8, 32: p50/p95/p99 and jobs/s; printed as its own table after this one.
 *
 * 11. HTTP (bench/http.bench.ts): a real instance driven over HTTP — submit → first progress on SSE,
 *     1,000 SSE clients on 100 ticking runs (lag, web RSS), status API under autocannon.
 *
 *   npm run bench [-- --only platform,cache,engines,queues,http] [--json] [--no-build]
 *
 * The tables go to stdout (stderr with --json, which prints every figure as one JSON document on stdout);
 * a last table sets the goals beside what was measured. Nothing is asserted: this is for people.
 * Uses DATABASE_URL (else a fresh `fluxo_bench` database, like the tests) and REDIS_URL when set.
 */
import { availableParallelism, loadavg } from "node:os";
import { z } from "zod";
import { Logger, makeWorkerUtils, run as runGraphile } from "graphile-worker";
import { prepareTestDatabase } from "../src/test/test-database";

const SECTIONS = ["platform", "cache", "engines", "queues", "http"] as const;
const argv = process.argv.slice(2);
const JSON_OUT = argv.includes("--json");
const NO_BUILD = argv.includes("--no-build");
const onlyArg = argv.find((a, i) => a.startsWith("--only=") || argv[i - 1] === "--only");
const only = onlyArg ? onlyArg.replace(/^--only=/, "").split(",") : [...SECTIONS];
for (const o of only)
  if (!(SECTIONS as readonly string[]).includes(o)) {
    console.error(`bench: --only takes ${SECTIONS.join(", ")} (got "${o}")`);
    process.exit(2);
  }
const want = (s: (typeof SECTIONS)[number]) => only.includes(s);
const out = JSON_OUT ? console.error : console.log;

const N_SEQ = Number(process.env.BENCH_SEQ ?? 200);

/** What bench/http.bench.ts reports (the parts the goals read). */
interface HttpFigures {
  submitFirstProgress: { p95Ms: number };
  fanOut: {
    lagP99Ms: number;
    clients: number;
    web: { peakMb: number };
  };
  statusApi: { requestsPerSecond: number; p95Ms: number };
  hold: {
    clients: number;
    clientsFailed: number;
    errors: Record<string, number>;
    target: number;
    web: { peakMb: number };
    whileOpen?: { requestsPerSecond: number; p95Ms: number };
  };
}
interface Goal {
  goal: string;
  measured: string;
  verdict: string;
}

/** The goals beside the figures: met, or short by how much. */
function goalTable(f: {
  queues: Awaited<ReturnType<typeof import("./queues.bench").benchQueues>> | null;
  http?: HttpFigures;
  platform: Record<string, number>;
}): Goal[] {
  const g: Goal[] = [];
  const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");
  /** `lower`: lower is better (latency, memory). */
  const check = (goal: string, value: number | undefined, limit: number, lower: boolean, unit: string, how: string) => {
    if (value === undefined || !Number.isFinite(value) || !Number.isFinite(limit)) {
      g.push({ goal, measured: "not measured", verdict: `(run ${how})` });
      return;
    }
    const met = lower ? value <= limit : value >= limit;
    const by = lower ? value / limit : limit / value;
    g.push({
      goal,
      measured: `${fmt(value)} ${unit}`,
      verdict: met ? "met" : `short: ${by.toFixed(2)}× ${lower ? "over" : "under"} the goal`,
    });
  };
  const q = (sys: string, shape: string, c: number) =>
    f.queues?.results.find((r) => r.system === sys && r.shape === shape && r.concurrency === c);
  const NaNif = (x: number | undefined) => x ?? Number.NaN;
  for (const c of [8, 32]) {
    const ours = q("fluxo", "noop", c)?.jobsPerSecond;
    const bull = q("bullmq", "noop", c)?.jobsPerSecond;
    const celery = q("celery", "noop", c)?.jobsPerSecond;
    check(
      `no-op throughput at C = ${c} ≥ BullMQ (${bull ? fmt(bull, 0) : "?"} jobs/s)`,
      ours,
      NaNif(bull),
      false,
      "jobs/s",
      "--only queues with Redis",
    );
    check(
      `no-op throughput at C = ${c} ≥ 3 × Celery (${celery ? fmt(3 * celery, 0) : "?"} jobs/s)`,
      ours,
      celery ? 3 * celery : Number.NaN,
      false,
      "jobs/s",
      "--only queues with Celery installed",
    );
  }
  const bull1 = q("bullmq", "noop", 1)?.p50Ms;
  check(
    `no-op round trip p50 at C = 1 ≤ 1.5 × BullMQ (${bull1 ? fmt(1.5 * bull1, 2) : "?"} ms)`,
    q("fluxo", "noop", 1)?.p50Ms,
    bull1 ? 1.5 * bull1 : Number.NaN,
    true,
    "ms",
    "--only queues with Redis",
  );
  const sleep8 = q("fluxo", "sleep", 8)?.jobsPerSecond;
  const ideal8 = 8 / ((f.queues?.params.sleepMs ?? 50) / 1000);
  check(
    `${f.queues?.params.sleepMs ?? 50} ms jobs at C = 8 ≥ 0.9 of the ideal (${fmt(0.9 * ideal8, 0)} jobs/s)`,
    sleep8,
    0.9 * ideal8,
    false,
    "jobs/s",
    "--only queues",
  );
  const raw100 = f.platform.raw100Ms;
  check(
    `group of 100 no-op children ≤ 2 × 100 plain Graphile jobs (${raw100 ? fmt(2 * raw100, 0) : "?"} ms)`,
    f.platform.group100Ms,
    raw100 ? 2 * raw100 : Number.NaN,
    true,
    "ms",
    "--only platform",
  );
  check("enqueueMany of 10,000 runs inserted < 1 s", f.platform.bulkInsertMs, 1000, true, "ms", "--only platform");
  check(
    "those 10,000 no-op runs all succeeded < 10 s (default worker)",
    f.platform.bulkDrainMs,
    10_000,
    true,
    "ms",
    "--only platform",
  );
  check(
    "submit → first progress p95 < 100 ms (over HTTP)",
    f.http?.submitFirstProgress.p95Ms ?? f.platform.firstProgressP95Ms,
    100,
    true,
    f.http ? "ms" : "ms (in-process)",
    "--only http",
  );
  check("1,000 SSE clients: lag p99 < 100 ms", f.http?.fanOut.lagP99Ms, 100, true, "ms", "--only http");
  check("1,000 SSE clients: web RSS < 256 MB", f.http?.fanOut.web.peakMb, 256, true, "MB", "--only http");
  check(
    "status API ≥ 5,000 req/s (64 connections)",
    f.http?.statusApi.requestsPerSecond,
    5000,
    false,
    "req/s",
    "--only http",
  );
  check("status API p95 < 20 ms", f.http?.statusApi.p95Ms, 20, true, "ms", "--only http");
  check(
    `status API with ${f.http?.hold.clients ?? 5000} streams open ≥ 1,000 req/s`,
    f.http?.hold.whileOpen?.requestsPerSecond,
    1000,
    false,
    "req/s",
    "--only http",
  );
  check(
    `status API with ${f.http?.hold.clients ?? 5000} streams open: p95 < 100 ms`,
    f.http?.hold.whileOpen?.p95Ms,
    100,
    true,
    "ms",
    "--only http",
  );
  const hold = f.http?.hold;
  const holdBad = hold
    ? hold.target - hold.clients + hold.clientsFailed + Object.values(hold.errors).reduce((a, b) => a + b, 0)
    : undefined;
  g.push({
    goal: `${hold?.target ?? 5000} streams held for a minute: no errors`,
    measured: hold ? `${holdBad} failed, web RSS ${fmt(hold.web.peakMb, 0)} MB` : "not measured",
    verdict: hold ? (holdBad === 0 ? "met" : `short: ${holdBad} streams failed`) : "(run --only http)",
  });
  return g;
}
const N_PAR = Number(process.env.BENCH_PAR ?? 1000);

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const f1 = (x: number) => x.toFixed(1);
const rows: string[][] = [];
const row = (...r: string[]) => rows.push(r);

let stopDb = async () => {};
if (!process.env.DATABASE_URL) {
  const db = await prepareTestDatabase("fluxo_bench", ".data/pg-bench");
  process.env.DATABASE_URL = db.url;
  stopDb = db.stop;
}
const url = process.env.DATABASE_URL!;
process.env.LOG_LEVEL ??= "warn";

const { defineTask } = await import("../src/runs/define-task");
const { enqueue } = await import("../src/runs/enqueue");
const { startWorker } = await import("../src/worker/runner");
const { channels, pubsub, closePubSub } = await import("../src/server/pubsub");
const { cancelRun } = await import("../src/runs/cancel");
const { closeRedis } = await import("../src/server/redis");
const { closeDb } = await import("../src/server/db");
const { openRunStream } = await import("../src/runs/stream");
const { forecastWhenTask } = await import("../src/features/forecast/forecast.task");
const { warmKernelThreads, closeKernelThreads } = await import("../src/server/threads/pool");
const platformFigures: Record<string, number> = {};
if (want("platform")) {
  warmKernelThreads(2);

  const noop = defineTask({
    name: "bench.noop",
    queue: "default",
    input: z.object({}),
    output: z.null(),
    retry: { attempts: 1 },
    handler: () => null,
  });
  const ticking = defineTask({
    name: "bench.ticking",
    queue: "default",
    input: z.object({}),
    output: z.null(),
    retry: { attempts: 1 },
    handler: async (_i, ctx) => {
      ctx.progress(0.01, "started");
      await new Promise((r) => setTimeout(r, 50));
      return null;
    },
  });

  const collect = defineTask({
    name: "bench.collect",
    queue: "default",
    input: z.object({ values: z.array(z.unknown()) }),
    output: z.number(),
    retry: { attempts: 1 },
    handler: (i) => i.values.length,
  });
  const { taskCatalog } = await import("../src/runs/task-catalog");
  const benchTasks = taskCatalog([noop, ticking, collect, forecastWhenTask] as never);
  const worker = await startWorker({
    connectionString: url,
    tasks: [...benchTasks.values()],
    concurrency: 8,
    pollIntervalMs: 500,
    publishMs: 100,
    persistMs: 1000,
  });

  // Terminal statuses heard over the same pub/sub the web nodes use.
  const waiters = new Map<string, () => void>();
  const early = new Set<string>();
  const unsub = await pubsub().subscribe(channels.runs, (raw) => {
    const m = JSON.parse(raw) as { type: string; status?: string; runId: string };
    if (m.type !== "status" || (m.status !== "succeeded" && m.status !== "cancelled")) return;
    const w = waiters.get(m.runId);
    if (w) w();
    else early.add(m.runId);
  });
  const finished = (id: string) =>
    new Promise<void>((resolve) => {
      if (early.delete(id)) return resolve();
      waiters.set(id, () => {
        waiters.delete(id);
        resolve();
      });
    });

  async function roundTrip(): Promise<number> {
    const t0 = performance.now();
    const r = await enqueue(noop, {});
    await finished(r.id);
    return performance.now() - t0;
  }

  for (let i = 0; i < 20; i++) await roundTrip(); // warm up
  const lat: number[] = [];
  for (let i = 0; i < N_SEQ; i++) lat.push(await roundTrip());

  const tp0 = performance.now();
  const ids = await Promise.all(Array.from({ length: N_PAR }, () => enqueue(noop, {}).then((r) => r.id)));
  await Promise.all(ids.map(finished));
  const fluxoTp = N_PAR / ((performance.now() - tp0) / 1000);

  async function firstProgress(start: () => Promise<{ id: string }>): Promise<number> {
    const t0 = performance.now();
    const r = await start();
    const s = (await openRunStream(r.id, { scope: { kind: "all" } }))!;
    const reader = s.getReader();
    const dec = new TextDecoder();
    for (let buf = ""; ;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value);
      if (buf.includes('"type":"progress"')) break;
    }
    const ms = performance.now() - t0;
    await reader.cancel();
    await finished(r.id);
    return ms;
  }
  const first: number[] = [];
  for (let i = 0; i < 30; i++) first.push(await firstProgress(() => enqueue(ticking, {})));
  const firstKernel: number[] = [];
  const mc = {
    samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
    backlog: 100,
    trials: 200_000,
    percentiles: [85],
    periodDays: 7,
  };
  for (let i = 0; i < 20; i++) {
    firstKernel.push(await firstProgress(() => enqueue(forecastWhenTask, { ...mc, seed: i } as never)));
    await new Promise((r) => setTimeout(r, 100)); // let the spare thread boot, as between real submissions
  }

  // Cancel of a running CPU kernel: request → `cancelled` heard over pub/sub.
  const cancelMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await enqueue(forecastWhenTask, { ...mc, backlog: 400, trials: 10_000_000, seed: i } as never);
    const s = (await openRunStream(r.id, { scope: { kind: "all" } }))!;
    const reader = s.getReader();
    for (let buf = ""; !buf.includes('"type":"progress"');)
      buf += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const t0 = performance.now();
    await cancelRun(r.id, benchTasks);
    await finished(r.id);
    cancelMs.push(performance.now() - t0);
    await new Promise((res) => setTimeout(res, 100));
  }

  // A repeated workload: 200 forecast submissions drawn from 20 distinct inputs (no seed given),
  // each waited for — the memoised results answer the repeats.
  const { startForecastWhen } = await import("../src/features/forecast/forecast.service");
  const { cache } = await import("../src/server/cache");
  const stamp = Date.now() % 100_000; // trials vary per bench run: no key shared with earlier runs in this Redis
  let fromCache = 0;
  const submitMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const k = (i * 7) % 20;
    const t0 = performance.now();
    const r = await startForecastWhen({
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: 100 + k,
      trials: 10_000 + stamp,
      percentiles: [50, 85],
      periodDays: 7,
    } as never);
    if (r.fromCache) fromCache++;
    else await finished(r.runId);
    submitMs.push(performance.now() - t0);
  }
  const memoNs = (await cache().stats()).namespaces.find((n) => n.namespace === "run-results:forecast.when");

  // Workflows: a group of 100 no-op children, and a chord of 100 + its callback, start → parent ended.
  const { startWorkflow, ZWorkflowSpec } = await import("../src/runs/workflow");
  const groupMs: number[] = [];
  const chordMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const [kind, out] of [
      ["group", groupMs],
      ["chord", chordMs],
    ] as const) {
      const t0 = performance.now();
      const spec = ZWorkflowSpec.parse({
        kind,
        steps: Array.from({ length: 100 }, () => ({ task: "bench.noop", input: {} })),
        ...(kind === "chord" ? { callback: { task: "bench.collect", input: {}, pipe: "values" } } : {}),
      });
      const p = await startWorkflow(spec, { ownerId: null, tasks: benchTasks });
      await finished(p.id);
      out.push(performance.now() - t0);
    }
  }

  unsub();
  await worker.stop();

  // Peer: plain Graphile Worker on the same database.
  const utils = await makeWorkerUtils({ connectionString: url, logger: new Logger(() => () => {}) });
  const done = new Map<string, () => void>();
  const gw = await runGraphile({
    connectionString: url,
    concurrency: 8,
    pollInterval: 500,
    noHandleSignals: true,
    logger: new Logger(() => () => {}),
    taskList: { "bench.raw": async (p) => void done.get((p as { k: string }).k)?.() },
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  const rawTrip = async (k: string) => {
    const t0 = performance.now();
    const p = new Promise<void>((r) => done.set(k, r));
    await utils.addJob("bench.raw", { k });
    await p;
    done.delete(k);
    return performance.now() - t0;
  };
  for (let i = 0; i < 20; i++) await rawTrip(`w${i}`);
  const rawLat: number[] = [];
  for (let i = 0; i < N_SEQ; i++) rawLat.push(await rawTrip(`s${i}`));
  const rt0 = performance.now();
  await Promise.all(Array.from({ length: N_PAR }, (_, i) => rawTrip(`p${i}`)));
  const rawTp = N_PAR / ((performance.now() - rt0) / 1000);
  // Peer of the 100-child group: 100 plain Graphile jobs added at once, until the last has run.
  const raw100: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 100 }, (_, j) => rawTrip(`g${i}-${j}`)));
    raw100.push(performance.now() - t0);
  }
  await gw.stop();
  await utils.release();

  // Bulk: enqueueMany of BENCH_BULK (10,000) no-op runs — one statement — with no worker running, then
  // a worker with the default settings (WORKER_CONCURRENCY, local queue) started to drain them.
  const { enqueueMany } = await import("../src/runs/enqueue");
  const { env } = await import("../src/env");
  const N_BULK = Number(process.env.BENCH_BULK ?? 10_000);
  const b0 = performance.now();
  const bulk = await enqueueMany(Array.from({ length: N_BULK }, () => ({ task: noop, input: {} })));
  const bulkInsertMs = performance.now() - b0;
  const pendingBulk = new Set(bulk.map((r) => r!.id));
  let bulkDone!: () => void;
  const bulkAll = new Promise<void>((r) => (bulkDone = r));
  const unsubBulk = await pubsub().subscribe(channels.runs, (raw) => {
    const m = JSON.parse(raw) as { type: string; status?: string; runId: string };
    if (m.type === "status" && m.status === "succeeded" && pendingBulk.delete(m.runId) && pendingBulk.size === 0)
      bulkDone();
  });
  const d0 = performance.now();
  const e = env();
  const defaultWorker = await startWorker({
    connectionString: url,
    tasks: [noop] as never,
    concurrency: e.WORKER_CONCURRENCY,
    pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
    localQueueSize: e.WORKER_LOCAL_QUEUE_SIZE,
    publishMs: e.PROGRESS_PUBLISH_MS,
    persistMs: e.PROGRESS_PERSIST_MS,
  });
  await bulkAll;
  const bulkDrainMs = performance.now() - d0;
  unsubBulk();
  await defaultWorker.stop();

  row(
    "no-op run round trip p50 (ms)",
    f1(pct(lat, 0.5)),
    f1(pct(rawLat, 0.5)),
    "plain graphile-worker (no run row, events, progress)",
  );
  row("no-op run round trip p95 (ms)", f1(pct(lat, 0.95)), f1(pct(rawLat, 0.95)), "");
  row(`throughput, ${N_PAR} runs, concurrency 8 (runs/s)`, f1(fluxoTp), f1(rawTp), "");
  row("submit → first progress on SSE p50 (ms)", f1(pct(first, 0.5)), "1000", "seed system: browser polled every 1 s");
  row("submit → first progress on SSE p95 (ms)", f1(pct(first, 0.95)), "", "");
  row(
    "cancel a running kernel → cancelled, p50 (ms)",
    f1(pct(cancelMs, 0.5)),
    "",
    "Celery/BullMQ/Graphile: no cancel of a running job",
  );
  row("cancel a running kernel → cancelled, max of 10 (ms)", f1(Math.max(...cancelMs)), "", "");
  row("forecast.when (kernel thread) submit → first progress p50 (ms)", f1(pct(firstKernel, 0.5)), "1000", "");
  row("forecast.when (kernel thread) submit → first progress p95 (ms)", f1(pct(firstKernel, 0.95)), "", "");

  row(
    "group of 100 no-op child runs: start → parent succeeded, median of 5 (ms)",
    f1(pct(groupMs, 0.5)),
    f1(pct(raw100, 0.5)),
    "peer: 100 plain graphile jobs at once (no parent, no roll-up)",
  );
  row("chord of 100 + callback: start → parent succeeded, median of 5 (ms)", f1(pct(chordMs, 0.5)), "", "");
  row(
    `enqueueMany of ${N_BULK.toLocaleString("en")} runs: inserted (ms)`,
    f1(bulkInsertMs),
    "",
    "one statement; no worker running",
  );
  row(
    `  … then all ${N_BULK.toLocaleString("en")} succeeded, default worker (ms)`,
    f1(bulkDrainMs),
    "",
    `WORKER_CONCURRENCY ${e.WORKER_CONCURRENCY}, local queue ${e.WORKER_LOCAL_QUEUE_SIZE ?? e.WORKER_CONCURRENCY + 1}; ${f1(N_BULK / (bulkDrainMs / 1000))} runs/s`,
  );
  row(
    "repeated forecasts: answered from earlier runs (of 200)",
    String(fromCache),
    "",
    `20 distinct inputs; cache hit rate ${((memoNs?.hitRate ?? 0) * 100).toFixed(1)} %`,
  );
  row("repeated forecasts: submit → result p50 (ms)", f1(pct(submitMs, 0.5)), "", "a repeat returns a finished run");

  platformFigures.firstProgressP95Ms = pct(first, 0.95);
  platformFigures.roundTripP50Ms = pct(lat, 0.5);
  platformFigures.group100Ms = pct(groupMs, 0.5);
  platformFigures.bulkInsertMs = bulkInsertMs;
  platformFigures.bulkDrainMs = bulkDrainMs;
  platformFigures.raw100Ms = pct(raw100, 0.5);
}

// Two-tier cache.
if (want("cache")) {
  const { benchCache } = await import("./cache.bench");
  for (const r of await benchCache(process.env.REDIS_URL)) row(...r);
}

if (want("engines")) {
  // Monte Carlo engine: whole CLI process vs numpy process, and periods/s per core.
  const { benchMonteCarlo } = await import("./montecarlo.bench");
  for (const r of await benchMonteCarlo()) row(...r);
  // ETo engine: 10 years × 1,000 locations of daily FAO-56 ETo on one core, beside numpy.
  const { benchEto } = await import("./eto.bench");
  for (const r of await benchEto()) row(...r);
  // Portfolio metrics: 10 years of daily returns × 500 assets on one core, beside numpy on the same data.
  const { benchPortfolio } = await import("./portfolio.bench");
  for (const r of await benchPortfolio()) row(...r);
  // Efficient frontier: 50 assets × 50 points, long-only, beside scipy SLSQP on the same data.
  const { benchFrontier } = await import("./frontier.bench");
  for (const r of await benchFrontier()) row(...r);
}

// Job round trip beside BullMQ and Celery (its own table).
const { benchQueues } = await import("./queues.bench");
const queues = want("queues") ? await benchQueues({ databaseUrl: url, redisUrl: process.env.REDIS_URL }) : null;

await Promise.allSettled([closePubSub(), closeRedis(), closeDb(), closeKernelThreads()]);
await stopDb();

// A real instance over HTTP (its own database; after ours is closed so the two do not compete).
const { benchHttp } = await import("./http.bench");
const http = want("http") ? await benchHttp({ redisUrl: process.env.REDIS_URL, noBuild: NO_BUILD }) : null;
if (http) for (const r of http.rows) row(...(r as [string, string, string, string]));

const transport = process.env.REDIS_URL ? "Redis pub/sub" : "Postgres LISTEN/NOTIFY";
const at = new Date().toISOString();
out(
  `\nFluxo bench — ${at} — node ${process.version}, ${availableParallelism()} cores, load avg ${loadavg()[0]!.toFixed(2)}, progress over ${transport}\n`,
);
if (rows.length) {
  const w = [Math.max(...rows.map((r) => r[0]!.length)), 10, 10];
  out(`${"measure".padEnd(w[0]!)}  ${"Fluxo".padStart(w[1]!)}  ${"peer".padStart(w[2]!)}  Fluxo/peer   peer`);
  for (const [name, ours, peer, note] of rows) {
    const ratio = peer && Number(peer) > 0 ? (Number(ours) / Number(peer)).toFixed(2) : "";
    out(
      `${name!.padEnd(w[0]!)}  ${ours!.padStart(w[1]!)}  ${(peer ?? "").padStart(w[2]!)}  ${ratio.padStart(10)}   ${note ?? ""}`,
    );
  }
}
if (queues) out(`\n${queues.table.join("\n")}`);

const goals = goalTable({ queues, http: http?.json as HttpFigures | undefined, platform: platformFigures });
out(`\nGoals — reported, not asserted\n`);
const gw0 = [Math.max(...goals.map((g) => g.goal.length)), Math.max(...goals.map((g) => g.measured.length))];
for (const g of goals) out(`${g.goal.padEnd(gw0[0]!)}  ${g.measured.padEnd(gw0[1]!)}  ${g.verdict}`);
if (JSON_OUT)
  console.log(
    JSON.stringify(
      {
        at,
        node: process.version,
        cores: availableParallelism(),
        loadavg1: loadavg()[0],
        transport,
        rows: rows.map(([measure, fluxo, peer, note]) => ({ measure, fluxo, peer, note })),
        queues,
        http: http?.json ?? null,
        goals,
      },
      null,
      2,
    ),
  );
process.exit(0);
