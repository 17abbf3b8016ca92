/**
 * Job round trip against the job queues Fluxo replaces (issue 10, item 1, first bullet). Wired into
 * `npm run bench` by bench/run.ts; runs alone with `npx tsx bench/queues.bench.ts [--json]`.
 *
 * One round trip = enqueue → a worker starts the job → it completes → the client hears it:
 *  - Fluxo: `enqueue()` (run row + Graphile job, one statement) → `startWorker()` runs it →
 *    `succeeded` heard on the runs pub/sub channel (Redis when REDIS_URL is set, else Postgres NOTIFY);
 *  - BullMQ: `Queue.add` → `Worker` → `completed` heard by `QueueEvents`, on the same Redis, under a
 *    key prefix of its own (obliterated and deleted afterwards);
 *  - Celery 5 (Debian's python3-celery, Redis broker + Redis result backend, a database index of its
 *    own, BENCH_CELERY_DB, default 13): `apply_async` → `celery worker -P threads -c C` →
 *    `AsyncResult.get()`, measured from a Python client by bench/celery_bench.py. Installed with
 *    apt-get when `/usr/bin/python3 -c "import celery, redis"` fails (it says so), else skipped with
 *    the reason.
 *
 * Two job shapes: no-op (BENCH_RT_JOBS, default 500) and a 50 ms sleep (BENCH_RT_SLEEP_JOBS,
 * default 200; BENCH_RT_SLEEP_MS). For each concurrency C of BENCH_RT_CONCURRENCY (default 1,8,32) the
 * worker runs C jobs at once and the client keeps C round trips in flight (a closed loop: C lanes, each
 * enqueuing its next job when its last one is heard complete), after a warm-up of max(20, C) no-ops.
 * Latency p50/p95/p99 is of those round trips; throughput is jobs / wall time of the loop.
 * Same shapes, counts and loop for every system, one after another, in the same process/machine.
 *
 * Ratios are written so that > 1 means Fluxo is better: Fluxo / peer for throughput, peer / Fluxo
 * for latency. `--json` prints the figures as JSON on stdout (the table goes to stderr); BENCH_JSON=path
 * writes them to a file as well. BENCH_RT_PEERS=bullmq,celery picks the peers.
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { z } from "zod";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const N_NOOP = Number(process.env.BENCH_RT_JOBS ?? 500);
const N_SLEEP = Number(process.env.BENCH_RT_SLEEP_JOBS ?? 200);
const SLEEP_MS = Number(process.env.BENCH_RT_SLEEP_MS ?? 50);
const CONCURRENCY = (process.env.BENCH_RT_CONCURRENCY ?? "1,8,32").split(",").map(Number);
const PEERS = (process.env.BENCH_RT_PEERS ?? "bullmq,celery").split(",").map((s) => s.trim());
/** Fluxo's per-queue limit: "worker" (default) leaves it above C so only the worker's concurrency binds,
 * as for the peers; "c" sets it to C as well (then a job enqueued as the last one ends may find the slot
 * still held and be deferred 100–400 ms: the slot is given back after `succeeded` is published). */
const FLUXO_QUEUE_LIMIT = process.env.BENCH_RT_FLUXO_QUEUE_LIMIT === "c" ? "c" : "worker";
const CELERY_DB = Number(process.env.BENCH_CELERY_DB ?? 13);
const PY = "/usr/bin/python3"; // Debian's: the pyenv python3 on PATH has no Debian packages
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

type Shape = "noop" | "sleep";
type System = "fluxo" | "bullmq" | "celery";
export interface RoundTripResult {
  system: System;
  shape: Shape;
  concurrency: number;
  jobs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  jobsPerSecond: number;
  elapsedMs: number;
}
export interface QueuesBench {
  at: string;
  node: string;
  cores: number;
  loadavg1: number;
  params: {
    noopJobs: number;
    sleepJobs: number;
    sleepMs: number;
    concurrency: number[];
    loop: "closed";
    fluxoQueueLimit: "worker" | "c";
  };
  fluxoTransport: "redis" | "postgres";
  redisUrl: string | null;
  versions: Partial<Record<System, string>>;
  skipped: Partial<Record<System, string>>;
  results: RoundTripResult[];
  /** The printed table, one line each. */
  table: string[];
}

const pkgVersion = (name: string) =>
  (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function summarise(
  system: System,
  shape: Shape,
  concurrency: number,
  lat: number[],
  elapsedMs: number,
): RoundTripResult {
  return {
    system,
    shape,
    concurrency,
    jobs: lat.length,
    p50Ms: pct(lat, 0.5),
    p95Ms: pct(lat, 0.95),
    p99Ms: pct(lat, 0.99),
    meanMs: lat.reduce((a, b) => a + b, 0) / lat.length,
    jobsPerSecond: lat.length / (elapsedMs / 1000),
    elapsedMs,
  };
}

/** C lanes, each doing round trips one after another until n have ended. */
async function closedLoop(n: number, c: number, trip: () => Promise<void>) {
  const lat: number[] = [];
  let started = 0;
  const lane = async () => {
    while (started < n) {
      started++;
      const t0 = performance.now();
      await trip();
      lat.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: c }, lane));
  return { lat, elapsedMs: performance.now() - t0 };
}

/** Waiters keyed by job id, tolerant of the completion arriving before the id is known. */
function completions() {
  const waiters = new Map<string, { ok: () => void; fail: (e: Error) => void }>();
  const early = new Map<string, Error | null>();
  return {
    settle(id: string, err: Error | null) {
      const w = waiters.get(id);
      if (!w) return void early.set(id, err);
      waiters.delete(id);
      if (err) w.fail(err);
      else w.ok();
    },
    wait(id: string, timeoutMs = 60_000): Promise<void> {
      if (early.has(id)) {
        const err = early.get(id)!;
        early.delete(id);
        return err ? Promise.reject(err) : Promise.resolve();
      }
      return new Promise((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`job ${id}: no completion in ${timeoutMs} ms`)), timeoutMs);
        waiters.set(id, {
          ok: () => (clearTimeout(t), ok()),
          fail: (e) => (clearTimeout(t), fail(e)),
        });
      });
    },
  };
}

export async function redisUp(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

// ---------------------------------------------------------------- Fluxo
async function benchFluxo(databaseUrl: string): Promise<RoundTripResult[]> {
  const { defineTask } = await import("../src/runs/define-task");
  const { enqueue } = await import("../src/runs/enqueue");
  const { startWorker } = await import("../src/worker/runner");
  const { updateQueue } = await import("../src/runs/queue.repository");
  const { MAX_QUEUE_CONCURRENCY } = await import("../src/runs/queues");
  const { channels, pubsub } = await import("../src/server/pubsub");

  const noop = defineTask({
    name: "bench.rt.noop",
    queue: "default",
    input: z.object({}),
    output: z.null(),
    retry: { attempts: 1 },
    handler: () => null,
  });
  const sleeper = defineTask({
    name: "bench.rt.sleep",
    queue: "default",
    input: z.object({ ms: z.number() }),
    output: z.null(),
    retry: { attempts: 1 },
    handler: async (i) => {
      await sleep(i.ms);
      return null;
    },
  });
  const done = completions();
  const unsub = await pubsub().subscribe(channels.runs, (raw) => {
    const m = JSON.parse(raw) as { type: string; status?: string; runId: string };
    if (m.type !== "status") return;
    if (m.status === "succeeded") done.settle(m.runId, null);
    else if (m.status === "failed" || m.status === "cancelled") done.settle(m.runId, new Error(`run ${m.status}`));
  });
  const before = (await updateQueue("default", {}))?.concurrency ?? 8;
  const out: RoundTripResult[] = [];
  try {
    for (const c of CONCURRENCY) {
      const worker = await startWorker({
        connectionString: databaseUrl,
        tasks: [noop, sleeper] as never,
        concurrency: c,
        queueConcurrency: { default: FLUXO_QUEUE_LIMIT === "c" ? c : MAX_QUEUE_CONCURRENCY },
        pollIntervalMs: 500,
        publishMs: 100,
        persistMs: 1000,
      });
      try {
        const tripNoop = async () => done.wait((await enqueue(noop, {})).id);
        const tripSleep = async () => done.wait((await enqueue(sleeper, { ms: SLEEP_MS })).id);
        await closedLoop(Math.max(20, c), c, tripNoop);
        let r = await closedLoop(N_NOOP, c, tripNoop);
        out.push(summarise("fluxo", "noop", c, r.lat, r.elapsedMs));
        r = await closedLoop(N_SLEEP, c, tripSleep);
        out.push(summarise("fluxo", "sleep", c, r.lat, r.elapsedMs));
      } finally {
        await worker.stop();
      }
    }
  } finally {
    unsub();
    await updateQueue("default", { concurrency: before });
  }
  return out;
}

// ---------------------------------------------------------------- BullMQ
function redisOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 6379),
    db: Number(u.pathname.slice(1) || 0),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    maxRetriesPerRequest: null,
  };
}

async function benchBullmq(redisUrl: string): Promise<{ results: RoundTripResult[]; version: string }> {
  const { Queue, QueueEvents, Worker } = await import("bullmq");
  const version = pkgVersion("bullmq");
  const connection = redisOptions(redisUrl);
  const prefix = `fluxo-bench-bull-${process.pid}`;
  const name = "rt";
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection, prefix });
  const done = completions();
  events.on("completed", ({ jobId }) => done.settle(jobId, null));
  events.on("failed", ({ jobId, failedReason }) => done.settle(jobId, new Error(failedReason)));
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  let seq = 0;
  const trip = async (job: string, data: object) => {
    const id = `j${++seq}`;
    const p = done.wait(id);
    await queue.add(job, data, { jobId: id });
    await p;
  };
  const out: RoundTripResult[] = [];
  try {
    for (const c of CONCURRENCY) {
      const worker = new Worker(
        name,
        async (job) => {
          if (job.name === "sleep") await sleep((job.data as { ms: number }).ms);
          return null;
        },
        { connection, prefix, concurrency: c },
      );
      await worker.waitUntilReady();
      try {
        const tripNoop = () => trip("noop", {});
        await closedLoop(Math.max(20, c), c, tripNoop);
        let r = await closedLoop(N_NOOP, c, tripNoop);
        out.push(summarise("bullmq", "noop", c, r.lat, r.elapsedMs));
        r = await closedLoop(N_SLEEP, c, () => trip("sleep", { ms: SLEEP_MS }));
        out.push(summarise("bullmq", "sleep", c, r.lat, r.elapsedMs));
      } finally {
        await worker.close();
      }
    }
  } finally {
    await events.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    const r = new Redis(redisUrl);
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  }
  return { results: out, version };
}

// ---------------------------------------------------------------- Celery
/** Debian's python3-celery importable by /usr/bin/python3, installing it with apt-get if need be; else why not. */
function ensureCelery(): string | null {
  const probe = () => spawnSync(PY, ["-c", "import celery, redis"], { encoding: "utf8" });
  if (probe().status === 0) return null;
  if (process.getuid?.() !== 0) return `${PY} cannot import celery, and not root to apt-get install python3-celery`;
  console.error("[queues bench] celery missing for /usr/bin/python3: installing python3-celery with apt-get …");
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "-q", "python3-celery", "python3-redis"], {
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  let r = install();
  if (r.status !== 0) {
    spawnSync("apt-get", ["update", "-q"], { encoding: "utf8" });
    r = install();
  }
  if (r.status !== 0 || probe().status !== 0)
    return `apt-get install python3-celery failed: ${(r.stderr || r.error?.message || "").trim().split("\n").pop()}`;
  console.error("[queues bench] python3-celery installed");
  return null;
}

async function benchCelery(redisUrl: string): Promise<{ results: RoundTripResult[]; version: string }> {
  const u = new URL(redisUrl);
  u.pathname = `/${CELERY_DB}`;
  const child = spawn(
    PY,
    [
      path.join(root, "bench/celery_bench.py"),
      `--concurrency=${CONCURRENCY.join(",")}`,
      `--jobs=${N_NOOP}`,
      `--sleep-jobs=${N_SLEEP}`,
      `--sleep-ms=${SLEEP_MS}`,
    ],
    { env: { ...process.env, BENCH_CELERY_REDIS: u.toString() }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  if (code !== 0) throw new Error(`celery_bench.py exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const d = JSON.parse(stdout) as {
    celery: string;
    pool: string;
    results: { shape: Shape; concurrency: number; elapsedMs: number; latenciesMs: number[] }[];
  };
  return {
    version: `${d.celery} (-P ${d.pool})`,
    results: d.results.map((r) => summarise("celery", r.shape, r.concurrency, r.latenciesMs, r.elapsedMs)),
  };
}

// ---------------------------------------------------------------- the table
function table(b: QueuesBench): string[] {
  const peers = (["bullmq", "celery"] as const).filter((p) => PEERS.includes(p));
  const label: Record<System, string> = { fluxo: "Fluxo", bullmq: "BullMQ", celery: "Celery" };
  const find = (s: System, shape: Shape, c: number) =>
    b.results.find((r) => r.system === s && r.shape === shape && r.concurrency === c);
  const head = ["job", "C", "measure", "Fluxo", ...peers.flatMap((p) => [label[p], "ratio"])];
  const lines: string[][] = [head];
  const measures = [
    ["p50 ms", "p50Ms", false],
    ["p95 ms", "p95Ms", false],
    ["p99 ms", "p99Ms", false],
    ["jobs/s", "jobsPerSecond", true],
  ] as const;
  for (const shape of ["noop", "sleep"] as const)
    for (const c of b.params.concurrency)
      for (const [m, key, higherBetter] of measures) {
        const ours = find("fluxo", shape, c)?.[key];
        const cells = [shape === "noop" ? "no-op" : `${SLEEP_MS} ms`, String(c), m, ours?.toFixed(1) ?? "—"];
        for (const p of peers) {
          const theirs = find(p, shape, c)?.[key];
          cells.push(theirs?.toFixed(1) ?? "—");
          cells.push(
            ours && theirs ? (higherBetter ? ours / theirs : theirs / ours).toFixed(2) : b.skipped[p] ? "skip" : "—",
          );
        }
        lines.push(cells);
      }
  const w = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const out = [
    `Job round trip (enqueue → start → complete → heard by the client), closed loop of C in flight, worker concurrency C`,
    `jobs: ${b.params.noopJobs} no-op, ${b.params.sleepJobs} × ${b.params.sleepMs} ms per system and C; ` +
      `${b.cores} cores, load avg ${b.loadavg1.toFixed(2)}; Fluxo events over ${b.fluxoTransport === "redis" ? "Redis pub/sub" : "Postgres NOTIFY"}` +
      `, Fluxo queue limit ${b.params.fluxoQueueLimit === "c" ? "= C" : "above C (worker concurrency binds)"}`,
    `ratio > 1 = Fluxo better: Fluxo / peer for jobs/s, peer / Fluxo for latency`,
    ...Object.entries(b.versions).map(([s, v]) => `  ${label[s as System]}: ${v}`),
    ...Object.entries(b.skipped).map(([s, why]) => `  ${label[s as System]} skipped: ${why}`),
    "",
    ...lines.map((l) => l.map((c, i) => (i < 3 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ")),
  ];
  return out;
}

export async function benchQueues(opts: { databaseUrl: string; redisUrl?: string }): Promise<QueuesBench> {
  const peerRedis = opts.redisUrl ?? DEFAULT_REDIS_URL;
  const haveRedis = await redisUp(peerRedis);
  const { pubsub } = await import("../src/server/pubsub");
  const b: QueuesBench = {
    at: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    loadavg1: loadavg()[0]!,
    params: {
      noopJobs: N_NOOP,
      sleepJobs: N_SLEEP,
      sleepMs: SLEEP_MS,
      concurrency: CONCURRENCY,
      loop: "closed",
      fluxoQueueLimit: FLUXO_QUEUE_LIMIT,
    },
    fluxoTransport: pubsub().kind,
    redisUrl: haveRedis ? peerRedis : null,
    versions: {},
    skipped: {},
    results: [],
    table: [],
  };
  b.versions.fluxo = `graphile-worker ${pkgVersion("graphile-worker")} underneath`;
  b.results.push(...(await benchFluxo(opts.databaseUrl)));

  for (const peer of ["bullmq", "celery"] as const) {
    if (!PEERS.includes(peer)) continue;
    if (!haveRedis) {
      b.skipped[peer] = `no Redis answering at ${peerRedis}`;
      continue;
    }
    try {
      if (peer === "celery") {
        const why = ensureCelery();
        if (why) {
          b.skipped.celery = why;
          continue;
        }
      }
      const r = peer === "bullmq" ? await benchBullmq(peerRedis) : await benchCelery(peerRedis);
      b.versions[peer] = r.version;
      b.results.push(...r.results);
    } catch (err) {
      b.skipped[peer] = (err as Error).message;
    }
  }
  b.table = table(b);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(b, null, 2));
  return b;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const json = process.argv.includes("--json");
  const log = json ? console.error : console.log;
  process.env.LOG_LEVEL ??= "warn";
  if (!process.env.REDIS_URL && (await redisUp(DEFAULT_REDIS_URL))) process.env.REDIS_URL = DEFAULT_REDIS_URL;
  let stopDb = async () => {};
  if (!process.env.DATABASE_URL) {
    const { prepareTestDatabase } = await import("../src/test/test-database");
    const db = await prepareTestDatabase("fluxo_bench_queues", ".data/pg-bench");
    process.env.DATABASE_URL = db.url;
    stopDb = db.stop;
  }
  const b = await benchQueues({ databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL });
  const { closePubSub } = await import("../src/server/pubsub");
  const { closeRedis } = await import("../src/server/redis");
  const { closeDb } = await import("../src/server/db");
  await Promise.allSettled([closePubSub(), closeRedis(), closeDb()]);
  await stopDb();
  log(`\nFluxo queues bench — ${b.at} — node ${b.node}\n`);
  for (const l of b.table) log(l);
  if (json) console.log(JSON.stringify(b, null, 2));
  process.exit(0);
}
