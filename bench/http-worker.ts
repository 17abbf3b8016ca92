/**
 * Child process of bench/http.bench.ts (SSE fan-out): a Fluxo worker (`startWorker`) that knows only
 * the bench task `bench.http.tick`, on the instance's database and pub/sub transport (DATABASE_URL,
 * REDIS_URL from the parent). Not run by hand.
 *
 * IPC, parent → child: `{ type: "enqueue", runs, ticks, hz, aligned, ownerId }` enqueues `runs` tick runs and
 * answers `{ type: "ready", ids }` once this worker holds every one of them (each has reported
 * "waiting" and waits for the go); `{ type: "go" }` starts their ticking (`hz` progress reports per
 * second, `ticks` of them); when all have ended it sends `{ type: "done", ... }`; `{ type: "stop" }`
 * stops the worker and exits. Errors: `{ type: "error", message }`.
 *
 * Besides the runs, it subscribes to each run's channel itself, so the parent can tell progress the
 * throttle folded into a later message (reported > published) from messages lost on the way to SSE
 * clients (published × clients > delivered).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { z } from "zod";

const send = (m: unknown) => process.send?.(m);
const fail = (e: unknown) => {
  send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const { env } = await import("../src/env");
const { defineTask } = await import("../src/runs/define-task");
const { enqueue } = await import("../src/runs/enqueue");
const { startWorker } = await import("../src/worker/runner");
const { channels, pubsub, closePubSub } = await import("../src/server/pubsub");
const { closeRedis } = await import("../src/server/redis");
const { closeDb } = await import("../src/server/db");

let letGo!: () => void;
const go = new Promise<void>((r) => (letGo = r));
let reported = 0;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const tick = defineTask({
  name: "bench.http.tick",
  queue: "default",
  input: z.object({ ticks: z.number().int().min(1), hz: z.number().positive(), phaseMs: z.number().min(0) }),
  output: z.object({ ticks: z.number() }),
  retry: { attempts: 1 },
  timeout: { softMs: 600_000 },
  handler: async (i, ctx) => {
    ctx.progress(0, "waiting");
    await go;
    const t0 = performance.now() + i.phaseMs;
    for (let k = 1; k <= i.ticks && !ctx.signal.aborted; k++) {
      const wait = t0 + (k * 1000) / i.hz - performance.now();
      if (wait > 0) await sleep(wait);
      ctx.progress(k / (i.ticks + 1), "tick", String(k));
      reported++;
    }
    // A report made within publishMs of the previous one waits for the throttle's timer, which the run's
    // end cancels (its terminal status carries progress 1 instead): stay a little, so the last tick goes out.
    await sleep(2 * publishMs + 50);
    return { ticks: i.ticks };
  },
});

const e = env();
/** At most 90 % of the tick period: at exactly the period, the throttle's timer, always a little late,
 * drifts until a report lands while the previous one still waits, and keeps only the newer (~1 % of
 * ticks at 100 ms and 10/s). Set by the parent from the tick rate; never above the instance's default. */
const publishMs = Math.min(e.PROGRESS_PUBLISH_MS, Number(process.env.BENCH_HTTP_PUBLISH_MS ?? e.PROGRESS_PUBLISH_MS));
const persistMs = e.PROGRESS_PERSIST_MS;
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
const unsubs: (() => void)[] = [];

async function run(m: { runs: number; ticks: number; hz: number; aligned: boolean; ownerId: string | null }) {
  const concurrency = m.runs + 10;
  worker = await startWorker({
    connectionString: process.env.DATABASE_URL!,
    tasks: [tick] as never,
    concurrency,
    queueConcurrency: { default: concurrency },
    pollIntervalMs: 500,
    publishMs,
    persistMs,
  });
  // What was published, heard on the same transport as the web process hears it.
  const published = new Map<string, Set<string>>();
  const ended = new Set<string>();
  /** Receive time − `at` of the tick messages heard here: the publish path alone, without the web. */
  const pubLag = new Map<number, number>();
  const terminal = new Set(["succeeded", "failed", "cancelled", "dead"]);
  let allEnded!: () => void;
  const allDone = new Promise<void>((r) => (allEnded = r));
  const ids: string[] = [];
  const listen = async (id: string) => {
    published.set(id, new Set());
    unsubs.push(
      await pubsub().subscribe(channels.run(id), (raw) => {
        const msg = JSON.parse(raw) as { type: string; stage?: string; message?: string; status?: string; at?: string };
        if (msg.type === "progress" && msg.stage === "tick") {
          published.get(id)!.add(msg.message!);
          const lag = Math.max(0, Date.now() - Date.parse(msg.at!));
          pubLag.set(lag, (pubLag.get(lag) ?? 0) + 1);
        }
        if (msg.type === "status" && terminal.has(msg.status!)) {
          ended.add(id);
          if (ended.size === m.runs) allEnded();
        }
      }),
    );
  };
  for (let k = 0; k < m.runs; k++) {
    // Runs tick at evenly spread phases (independent runs are not in step), or all at once when aligned.
    const phaseMs = m.aligned ? 0 : ((k / m.runs) * 1000) / m.hz;
    const r = await enqueue(tick, { ticks: m.ticks, hz: m.hz, phaseMs }, { ownerId: m.ownerId });
    ids.push(r.id);
    await listen(r.id);
  }
  const t0 = Date.now();
  while (worker.executor.held.size < m.runs) {
    if (Date.now() - t0 > 60_000)
      throw new Error(`only ${worker.executor.held.size} of ${m.runs} tick runs started within 60 s`);
    await sleep(100);
  }
  send({ type: "ready", ids, publishMs, persistMs, concurrency });
  await new Promise<void>((r) => process.once("message", () => r())); // the go
  const goAt = Date.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  letGo();
  await Promise.race([allDone, sleep((m.ticks / m.hz) * 1000 * 3 + 30_000)]);
  send({
    type: "done",
    runs: m.runs,
    ended: ended.size,
    reported,
    published: [...published.values()].reduce((a, s) => a + s.size, 0),
    // Ticks never published: the last one of a run (held back by the throttle when the run ended) or others.
    unpublishedLast: [...published.values()].filter((s) => !s.has(String(m.ticks))).length,
    tickingMs: Date.now() - goAt,
    pubLagHist: [...pubLag.entries()],
    // A stall longer than publishMs lets two ticks report back to back: the throttle keeps the second.
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
  });
}

process.once("message", (m: { type: string } & Parameters<typeof run>[0]) => {
  if (m.type !== "enqueue") return fail(new Error(`unexpected message ${m.type}`));
  run(m).catch(fail);
});
process.on("message", (m: { type: string }) => {
  if (m.type !== "stop") return;
  void (async () => {
    unsubs.forEach((u) => u());
    await worker?.stop().catch(() => {});
    await Promise.allSettled([closePubSub(), closeRedis(), closeDb()]);
    process.exit(0);
  })();
});
process.on("disconnect", () => process.exit(0));
send({ type: "up" });
