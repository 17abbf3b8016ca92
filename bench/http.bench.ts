/**
 * HTTP-facing figures (issues 10 and 18): a real instance (the launcher: the edge, `next start` behind it, a worker) on a
 * fresh database, driven from outside over HTTP. Runs alone:
 *
 *   npx tsx bench/http.bench.ts [--json] [--no-build]
 *
 * or through `benchHttp()` (rows shaped like bench/run.ts's: measure, Fluxo, peer, note). Not a test:
 * nothing is asserted, the goals are only printed beside the figures.
 *
 *  1. submit → first progress over SSE, via HTTP: POST /api/v1/forecasts/when (bearer token, a small
 *     forecast, a seed of its own so no earlier result answers it), then GET /api/runs/:id/events until
 *     the first `"type":"progress"` frame; sequential (each run followed to its end before the next),
 *     BENCH_HTTP_SUBMITS (50) after 5 unmeasured, BENCH_HTTP_SUBMIT_GAP_MS (100) apart. The medians of
 *     its parts come from the events' own `at`. Peer: the system Fluxo replaces polled every 1 s.
 *  2. SSE fan-out: BENCH_HTTP_SSE_RUNS (100) runs × BENCH_HTTP_SSE_PER_RUN (10) clients, each run
 *     reporting progress BENCH_HTTP_SSE_HZ (10) times a second for BENCH_HTTP_SSE_SECONDS (20) s. The
 *     runs are a bench-only task served by a worker of our own (bench/http-worker.ts: `startWorker`,
 *     concurrency and `default` queue limit runs + 10) on the instance's database and pub/sub
 *     transport. Its progress throttle (publishMs) is 90 % of the tick period (90 ms at 10/s), not the
 *     default 100 ms: at exactly the period the throttle's timer, always a little late, drifts until a
 *     report lands while the previous one waits and only the newer goes out (~1 % of ticks seen at 100 ms).
 *     The runs tick at evenly spread phases (BENCH_HTTP_SSE_ALIGNED=1: all at the same instants, bursts
 *     of runs × clients frames — the worst case). The clients
 *     (bench/http-sse-clients.ts: one HTTP/1.1 connection each, frames parsed) are spread over
 *     BENCH_HTTP_SSE_PROCS (2) child processes, opened before the runs start ticking. Lag = receive
 *     time − the event's `at` (set by the worker when it publishes; one machine, one clock). Delivered
 *     vs expected: distinct (client, tick) pairs against ticks reported × clients per run. The web
 *     process's RSS (VmRSS of the process that listens on the port: the edge) is sampled every 100 ms,
 *     Next.js's own process (pages) beside it; the web's V8 heap is read from its /metrics (before, with
 *     the streams open, and mid-fan-out). With every stream open and before the runs tick, the status
 *     API is measured for 5 s as in 3 ("never below the seed's floor while 1,000 streams are open").
 *  3. status API: GET /api/v1/runs/:id (a finished forecast of measure 1) with the bearer token,
 *     autocannon, BENCH_HTTP_STATUS_CONNECTIONS (64) connections for BENCH_HTTP_STATUS_SECONDS (10) s
 *     after a 2 s warm-up; p95 from every response time autocannon reports (it has no p95 of its own).
 *     Peer: the target the ETo platform Fluxo replaces set itself (1,000 req/s, p95 < 100 ms).
 *     References in the same run, 5 s each: a trivial Next.js route (GET /api/auth/ok, better-auth's
 *     health answer, on Next's own loopback port) and a bare node:http handler in a process of its own.
 *  4. BENCH_HTTP_HOLD_STREAMS (5,000) streams on 100 runs ticking once a second, held for
 *     BENCH_HTTP_HOLD_SECONDS (60) s, clients in 4 processes: streams that failed or errored, messages
 *     delivered, the web's RSS.
 *
 * BENCH_HTTP_APP_NODE_OPTIONS is given to the instance's processes as NODE_OPTIONS (investigation only).
 * Database `fluxo_bench_http` (TEST_DATABASE_URL's server, else an embedded Postgres in
 * .data/pg-bench-http), dropped at the end; REDIS_URL is handed to the instance and the worker when set,
 * else both use Postgres LISTEN/NOTIFY. --no-build starts `next start` on the existing `.next`.
 * `--json` prints the figures as JSON on stdout (the table goes to stderr). Instance log:
 * .data/bench-http-instance.log.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { launch, makeAccountToken, sleep, type Launched } from "../scripts/lib/instance";
import { SseParser } from "../src/cli/sse";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const N_SUBMIT = num("BENCH_HTTP_SUBMITS", 50);
/** Pause between submissions (as bench/run.ts does between kernel runs): each run's kernel thread is a fresh
 * one, taken from a few booted ahead; back to back, a submission may find the spare still booting. */
const SUBMIT_GAP_MS = num("BENCH_HTTP_SUBMIT_GAP_MS", 100);
const SSE_RUNS = num("BENCH_HTTP_SSE_RUNS", 100);
const SSE_PER_RUN = num("BENCH_HTTP_SSE_PER_RUN", 10);
const SSE_HZ = num("BENCH_HTTP_SSE_HZ", 10);
const SSE_SECONDS = num("BENCH_HTTP_SSE_SECONDS", 20);
/** All runs tick at the same instants (the worst case: bursts of runs × clients frames), instead of spread phases. */
const SSE_ALIGNED = process.env.BENCH_HTTP_SSE_ALIGNED === "1";
const SSE_PROCS = num("BENCH_HTTP_SSE_PROCS", 2);
const STATUS_CONNECTIONS = num("BENCH_HTTP_STATUS_CONNECTIONS", 64);
const STATUS_SECONDS = num("BENCH_HTTP_STATUS_SECONDS", 10);
const DB_NAME = "fluxo_bench_http";
const HOLD_STREAMS = num("BENCH_HTTP_HOLD_STREAMS", 5000);
const HOLD_SECONDS = num("BENCH_HTTP_HOLD_SECONDS", 60);
const HOLD_RUNS = 100;

const pct = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
/** Percentile of a histogram given as [value, count] pairs. */
const histPct = (h: [number, number][], q: number) => {
  const s = [...h].sort((a, b) => a[0] - b[0]);
  const n = s.reduce((a, [, c]) => a + c, 0);
  const want = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const [v, c] of s) if ((seen += c) >= want) return v;
  return NaN;
};
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "—");

// ---------------------------------------------------------------- processes (Linux /proc)

function ppidOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}
function descendants(pid: number): number[] {
  const all = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const out: number[] = [];
  for (let frontier = [pid]; frontier.length;) {
    const next = all.filter((p) => frontier.includes(ppidOf(p) ?? -1));
    out.push(...next);
    frontier = next;
  }
  return out;
}
/** The process under `rootPid` holding the socket that listens on `port` (the real `next start` server). */
function listeningPid(rootPid: number, port: number): number | null {
  const inodes = new Set<string>();
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(f, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length > 9 && c[3] === "0A" && parseInt(c[1]!.split(":")[1]!, 16) === port) inodes.add(c[9]!);
    }
  }
  for (const pid of descendants(rootPid)) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return pid;
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return null;
}
/** VmRSS in MB; NaN once the process is gone. */
const rssMb = (pid: number) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

/** What the web's RSS is made of, from its own /metrics (prom-client's default metrics; the token is an admin's). */
async function webMemory(url: string, token: string) {
  try {
    const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    const get = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1]) / 2 ** 20;
    return {
      rssMb: get("process_resident_memory_bytes"),
      heapUsedMb: get("nodejs_heap_size_used_bytes"),
      heapTotalMb: get("nodejs_heap_size_total_bytes"),
      externalMb: get("nodejs_external_memory_bytes"),
    };
  } catch {
    return null;
  }
}
/** CPU seconds (user + system) of a process so far; clock ticks are 100 per second on Linux. */
const cpuSeconds = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** Seconds the process's main thread has waited, runnable, for a CPU (the scheduler's run delay). */
const runDelaySeconds = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;

/** Seconds during which some task on the machine waited for a CPU (PSI), NaN where the kernel has none. */
const cpuPressureSeconds = () => {
  try {
    return Number(/^some .*total=(\d+)/m.exec(fs.readFileSync("/proc/pressure/cpu", "utf8"))?.[1]) / 1e6;
  } catch {
    return NaN;
  }
};

/** Samples a process's RSS every `everyMs` until stopped: peak, last, and its CPU share meanwhile. */
function sampler(pid: number, everyMs = 100) {
  let peak = rssMb(pid);
  const cpu0 = alive(pid) ? cpuSeconds(pid) : NaN;
  const wait0 = alive(pid) ? runDelaySeconds(pid) : NaN;
  const psi0 = cpuPressureSeconds();
  const t0 = performance.now();
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now > peak) peak = now;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const last = rssMb(pid);
      return {
        peakMb: Math.max(peak, last),
        lastMb: last,
        cpuShare: alive(pid) ? (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000) : NaN,
        /** Share of the time its main thread was ready to run but waiting for a core (a busy machine). */
        waitShare: alive(pid) ? (runDelaySeconds(pid) - wait0) / ((performance.now() - t0) / 1000) : NaN,
        /** Share of the time some task on the machine waited for a CPU (Linux PSI "some"). */
        machinePressure: (cpuPressureSeconds() - psi0) / ((performance.now() - t0) / 1000),
      };
    },
  };
}

// ---------------------------------------------------------------- children over IPC

interface Child {
  proc: ChildProcess;
  next<T>(type: string, timeoutMs?: number): Promise<T>;
  send(m: unknown): void;
  kill(): Promise<void>;
}

function child(script: string, env: NodeJS.ProcessEnv): Child {
  const proc = fork(path.join(root, "bench", script), [], {
    cwd: root,
    env,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const inbox: { type: string }[] = [];
  const waiting: { type: string; resolve: (m: never) => void; reject: (e: Error) => void }[] = [];
  let gone: Error | null = null;
  const deliver = () => {
    for (let i = 0; i < waiting.length; i++) {
      const w = waiting[i]!;
      const errAt = inbox.findIndex((m) => m.type === "error");
      if (errAt >= 0) {
        waiting.splice(i--, 1);
        w.reject(new Error(`${script}: ${(inbox[errAt] as unknown as { message: string }).message}`));
        continue;
      }
      const at = inbox.findIndex((m) => m.type === w.type);
      if (at >= 0) {
        waiting.splice(i--, 1);
        w.resolve(inbox.splice(at, 1)[0] as never);
      } else if (gone) {
        waiting.splice(i--, 1);
        w.reject(gone);
      }
    }
  };
  proc.on("message", (m: { type: string }) => (inbox.push(m), deliver()));
  const exited = new Promise<void>((r) =>
    proc.once("exit", (code, sig) => {
      gone = new Error(`${script} exited (${sig ?? code}) while we waited for it`);
      deliver();
      r();
    }),
  );
  return {
    proc,
    next<T>(type: string, timeoutMs = 120_000) {
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({
          type,
          resolve: (m: never) => (clearTimeout(t), resolve(m)),
          reject: (e) => (clearTimeout(t), reject(e)),
        });
        deliver();
      });
    },
    send: (m) => void (proc.connected && proc.send(m as never)),
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (proc.connected) proc.send({ type: "stop" });
      const t = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

// ---------------------------------------------------------------- 1. submit → first progress

async function submitToFirstProgress(url: string, token: string, seed: number) {
  const t0 = performance.now();
  const wall0 = Date.now();
  const res = await fetch(`${url}/api/v1/forecasts/when`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: 100,
      trials: 20_000,
      percentiles: [50, 85],
      seed,
    }),
  });
  const body = (await res.json()) as { runId?: string; fromCache?: boolean };
  if (res.status !== 202 || !body.runId) throw new Error(`submit answered ${res.status}: ${JSON.stringify(body)}`);
  if (body.fromCache) throw new Error(`seed ${seed}: answered from an earlier result`);
  const postMs = performance.now() - t0;
  const ev = await fetch(`${url}/api/runs/${body.runId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal: AbortSignal.timeout(120_000),
  });
  if (!ev.ok || !ev.body) throw new Error(`events of ${body.runId} answered ${ev.status}`);
  const reader = ev.body.getReader();
  const dec = new TextDecoder();
  let firstMs = NaN;
  // Where the time went, from the events' own `at` (web and worker stamp them; one machine, one clock).
  const at: { queued?: number; running?: number; progress?: number; received?: number } = {};
  let ended = false;
  const sse = new SseParser();
  while (!ended) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const frame of sse.push(dec.decode(value, { stream: true }))) {
      if (frame.event === "end") ended = true; // the run ended: the next submission finds the worker idle
      const data = frame.data;
      if (!data || ended) continue;
      const m = JSON.parse(data) as { type?: string; status?: string; at?: string };
      if (m.type === "status" && (m.status === "queued" || m.status === "running")) at[m.status] ??= Date.parse(m.at!);
      if (m.type === "progress" && Number.isNaN(firstMs)) {
        firstMs = performance.now() - t0;
        at.received = Date.now();
        at.progress = Date.parse(m.at!);
      }
    }
  }
  await reader.cancel().catch(() => {});
  if (Number.isNaN(firstMs)) throw new Error(`run ${body.runId} ended without a progress event`);
  const split = {
    submitToQueuedMs: (at.queued ?? NaN) - wall0,
    queuedToRunningMs: (at.running ?? NaN) - (at.queued ?? NaN),
    runningToProgressMs: (at.progress ?? NaN) - (at.running ?? NaN),
    progressToClientMs: (at.received ?? NaN) - (at.progress ?? NaN),
  };
  return { runId: body.runId, postMs, firstMs, endMs: performance.now() - t0, split };
}

// ---------------------------------------------------------------- 2. SSE fan-out

interface FanShape {
  runs: number;
  perRun: number;
  hz: number;
  seconds: number;
  procs: number;
  aligned: boolean;
}
const FAN: FanShape = {
  runs: SSE_RUNS,
  perRun: SSE_PER_RUN,
  hz: SSE_HZ,
  seconds: SSE_SECONDS,
  procs: SSE_PROCS,
  aligned: SSE_ALIGNED,
};

async function fanOut<T = undefined>(o: {
  url: string;
  token: string;
  ownerId: string;
  webPid: number;
  /** Next.js's own process (pages), sampled beside the web process. */
  nextPid: number | null;
  childEnv: NodeJS.ProcessEnv;
  log: (l: string) => void;
  shape?: FanShape;
  /** Run with every stream open, before the runs tick (e.g. the status API under open streams). */
  whileOpen?: () => Promise<T>;
}) {
  const shape = o.shape ?? FAN;
  const children: Child[] = [];
  try {
    const worker = child("http-worker.ts", {
      ...o.childEnv,
      BENCH_HTTP_PUBLISH_MS: String(Math.floor((0.9 * 1000) / shape.hz)),
    });
    children.push(worker);
    await worker.next("up");
    const ticks = Math.round(shape.seconds * shape.hz);
    worker.send({ type: "enqueue", runs: shape.runs, ticks, hz: shape.hz, aligned: shape.aligned, ownerId: o.ownerId });
    const ready = await worker.next<{ ids: string[]; publishMs: number; persistMs: number; concurrency: number }>(
      "ready",
    );
    o.log(`  ${ready.ids.length} tick runs held by the bench worker (concurrency ${ready.concurrency})`);

    await sleep(1000);
    const baselineMb = rssMb(o.webPid);
    const memBaseline = await webMemory(o.url, o.token);
    const procs = Math.max(1, Math.min(shape.procs, ready.ids.length));
    const clients: Child[] = [];
    for (let p = 0; p < procs; p++) {
      const c = child("http-sse-clients.ts", { ...process.env, LOG_LEVEL: "warn" });
      children.push(c);
      clients.push(c);
    }
    await Promise.all(clients.map((c) => c.next("up")));
    const openT0 = performance.now();
    const rssDuringOpen = sampler(o.webPid);
    clients.forEach((c, p) =>
      c.send({
        type: "open",
        url: o.url,
        token: o.token,
        runIds: ready.ids.filter((_, i) => i % procs === p),
        perRun: shape.perRun,
      }),
    );
    const opened = await Promise.all(
      clients.map((c) => c.next<{ ok: number; failed: number; errors: Record<string, number> }>("opened")),
    );
    const openMs = performance.now() - openT0;
    const openRss = rssDuringOpen.stop();
    const ok = opened.reduce((a, r) => a + r.ok, 0);
    o.log(`  ${ok} SSE streams open in ${(openMs / 1000).toFixed(1)} s (${procs} client processes)`);
    await sleep(1000);
    const connectedMb = rssMb(o.webPid);
    const memConnected = await webMemory(o.url, o.token);
    const whileOpen = o.whileOpen ? await o.whileOpen() : undefined;

    const rss = sampler(o.webPid);
    const nextRss = o.nextPid ? sampler(o.nextPid) : null;
    const goAt = performance.now();
    clients.forEach((c) => c.send({ type: "go" }));
    worker.send({ type: "go" });
    const memMid = sleep((shape.seconds * 1000) / 2).then(() => webMemory(o.url, o.token));
    const done = await worker.next<{
      ended: number;
      reported: number;
      published: number;
      unpublishedLast: number;
      tickingMs: number;
      pubLagHist: [number, number][];
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }>("done", (shape.seconds * 3 + 60) * 1000);
    // The streams end with their runs; a client still waiting after 10 s more is counted as it stands.
    const results = await Promise.all(
      clients.map((c) =>
        Promise.race([
          c.next<ClientResult>("result", 10_000),
          sleep(10_000).then(() => (c.send({ type: "collect" }), c.next<ClientResult>("result", 10_000))),
        ]),
      ),
    );
    const fanMs = performance.now() - goAt;
    const web = rss.stop();
    const nextJs = nextRss?.stop();
    if (!alive(o.webPid)) throw new Error(`the web process (pid ${o.webPid}) exited during the fan-out; see the log`);
    const hist = new Map<number, number>();
    for (const r of results) for (const [v, n] of r.lagHist) hist.set(v, (hist.get(v) ?? 0) + n);
    const h = [...hist.entries()];
    const delivered = results.reduce((a, r) => a + r.delivered, 0);
    const errors: Record<string, number> = {};
    for (const r of [...opened.map((x) => x.errors), ...results.map((x) => x.errors)])
      for (const [k, v] of Object.entries(r)) errors[k] = (errors[k] ?? 0) + v;
    return {
      runs: ready.ids.length,
      clients: ok,
      clientsFailed: opened.reduce((a, r) => a + r.failed, 0),
      clientProcesses: procs,
      clientCpuShare: results.map((r) => r.cpuShare),
      hz: shape.hz,
      aligned: shape.aligned,
      seconds: shape.seconds,
      publishMs: ready.publishMs,
      persistMs: ready.persistMs,
      openMs,
      runsEnded: done.ended,
      ticksReported: done.reported,
      ticksPublished: done.published,
      lastTickUnpublished: done.unpublishedLast,
      workerLoopDelayP99Ms: done.loopDelayP99Ms,
      workerLoopDelayMaxMs: done.loopDelayMaxMs,
      pubSubLagP50Ms: histPct(done.pubLagHist, 0.5),
      pubSubLagP99Ms: histPct(done.pubLagHist, 0.99),
      expected: done.reported * shape.perRun,
      expectedPublished: done.published * shape.perRun,
      delivered,
      duplicates: results.reduce((a, r) => a + r.duplicates, 0),
      streamsEnded: results.reduce((a, r) => a + r.endedStreams, 0),
      errors,
      lagP50Ms: histPct(h, 0.5),
      lagP99Ms: histPct(h, 0.99),
      lagMaxMs: Math.max(...h.map(([v]) => v)),
      deliveredPerSecond: delivered / (done.tickingMs / 1000),
      web: {
        baselineMb,
        peakDuringOpenMb: openRss.peakMb,
        connectedMb,
        peakMb: Math.max(web.peakMb, openRss.peakMb),
        afterMb: web.lastMb,
        cpuShare: web.cpuShare,
        waitShare: web.waitShare,
        machineCpuPressure: web.machinePressure,
        memoryBaseline: memBaseline,
        memoryConnected: memConnected,
        memoryMidFanOut: await memMid,
      },
      nextJs: nextJs ? { peakMb: nextJs.peakMb, cpuShare: nextJs.cpuShare } : null,
      whileOpen,
      fanMs,
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.kill()));
  }
}
interface ClientResult {
  delivered: number;
  duplicates: number;
  endedStreams: number;
  lagHist: [number, number][];
  errors: Record<string, number>;
  cpuShare: number;
}

// ---------------------------------------------------------------- 3. status API

async function statusApi(url: string, token: string, runId: string, seconds = STATUS_SECONDS) {
  const STATUS_SECONDS = seconds;
  const target = `${url}/api/v1/runs/${runId}`;
  const probe = await fetch(target, { headers: { authorization: `Bearer ${token}` } });
  const bodyBytes = (await probe.arrayBuffer()).byteLength;
  if (!probe.ok) throw new Error(`GET ${target} answered ${probe.status}`);
  const cannon = (duration: number, times?: number[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const inst = autocannon(
        { url: target, connections: STATUS_CONNECTIONS, duration, headers: { authorization: `Bearer ${token}` } },
        (err, r) => (err ? reject(err) : resolve(r)),
      );
      if (times) inst.on("response", (_c, _status, _bytes, ms) => times.push(ms));
    });
  await cannon(2);
  const times: number[] = [];
  const r = await cannon(STATUS_SECONDS, times);
  return {
    connections: STATUS_CONNECTIONS,
    seconds: STATUS_SECONDS,
    bodyBytes,
    requests: r.requests.total,
    requestsPerSecond: r.requests.total / (r.duration || STATUS_SECONDS),
    p50Ms: pct(times, 0.5),
    p95Ms: pct(times, 0.95),
    p99Ms: pct(times, 0.99),
    autocannon: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/** req/s and p95 of one URL under autocannon (64 connections), after a 1 s warm-up: the references. */
async function hammer(url: string, seconds: number) {
  const run = (duration: number, times?: number[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const inst = autocannon({ url, connections: STATUS_CONNECTIONS, duration }, (err, r) =>
        err ? reject(err) : resolve(r),
      );
      if (times) inst.on("response", (_c, _status, _bytes, ms) => times.push(ms));
    });
  await run(1);
  const times: number[] = [];
  const r = await run(seconds, times);
  return {
    requestsPerSecond: r.requests.total / (r.duration || seconds),
    p95Ms: pct(times, 0.95),
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** A bare node:http server answering a small JSON, in a process of its own (the floor of this machine). */
async function bareNode<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const code =
    "const s=require('node:http').createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json'});r.end('{\"status\":\"ok\"}')});" +
    "s.listen(0,'127.0.0.1',()=>process.send({port:s.address().port}));process.on('disconnect',()=>process.exit(0));";
  const proc = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      proc.once("message", (m: { port: number }) => resolve(m.port));
      proc.once("exit", () => reject(new Error("bare node server exited")));
    });
    return await fn(`http://127.0.0.1:${port}/`);
  } finally {
    proc.kill("SIGKILL");
  }
}

/** Next's loopback port, from the launcher's log ("[next] - Local: http://127.0.0.1:PORT"). */
function nextPortFrom(logPath: string): number | null {
  const m = /\[next\] - Local:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(logPath, "utf8"));
  return m ? Number(m[1]) : null;
}

// ---------------------------------------------------------------- database

async function dropDatabase(url: string) {
  const u = new URL(url);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  c.on("error", () => {});
  try {
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  } finally {
    await c.end().catch(() => {});
  }
}

// ---------------------------------------------------------------- the bench

export async function benchHttp(
  opts: { redisUrl?: string; noBuild?: boolean; log?: (line: string) => void } = {},
): Promise<{ rows: string[][]; json: unknown }> {
  const log = opts.log ?? ((l: string) => console.error(`[bench:http] ${l}`));
  const tStart = performance.now();
  const psiStart = cpuPressureSeconds();
  const { prepareTestDatabase } = await import("../src/test/test-database");
  const db = await prepareTestDatabase(DB_NAME, ".data/pg-bench-http");
  const logPath = path.join(root, ".data/bench-http-instance.log");
  fs.rmSync(logPath, { force: true });
  const transport = opts.redisUrl ? "redis" : "postgres";
  const appEnv = {
    DATABASE_URL: db.url,
    REDIS_URL: opts.redisUrl, // undefined: not passed on, so the app uses Postgres LISTEN/NOTIFY
    RATE_LIMIT_SUBMIT_PER_MIN: "100000",
    RATE_LIMIT_SIGNIN_PER_MIN: "10000",
    LOG_LEVEL: "warn",
    // For investigation only (e.g. "--max-old-space-size=128" to see what the web's RSS is made of).
    ...(process.env.BENCH_HTTP_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_HTTP_APP_NODE_OPTIONS } : {}),
  };
  let instance: Launched | undefined;
  const rows: string[][] = [];
  const row = (...r: string[]) => rows.push(r);
  try {
    log(`starting Fluxo (database ${DB_NAME}, events over ${transport}; log in ${path.relative(root, logPath)})`);
    const t0 = performance.now();
    instance = await launch({ env: appEnv, args: opts.noBuild ? ["--no-build"] : [], logPath });
    const port = Number(new URL(instance.url).port);
    const webPid = listeningPid(instance.child.pid!, port);
    if (!webPid) throw new Error(`no process under the launcher listens on port ${port}`);
    const nextPort = nextPortFrom(logPath);
    const nextPid = nextPort ? listeningPid(instance.child.pid!, nextPort) : null;
    log(
      `up at ${instance.url} in ${((performance.now() - t0) / 1000).toFixed(1)} s; web (edge) pid ${webPid}, ` +
        `Next.js pid ${nextPid ?? "?"} on port ${nextPort ?? "?"}`,
    );
    const startedMb = rssMb(webPid);
    const token = await makeAccountToken(instance.url, "bench-http");
    const me = (await (
      await fetch(`${instance.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { id?: string; user?: { id?: string }; role?: string };
    const ownerId = me.id ?? me.user?.id;
    if (!ownerId) throw new Error(`GET /api/v1/me did not name the account: ${JSON.stringify(me)}`);

    // 1.
    log(`1. submit → first progress: ${N_SUBMIT} sequential forecasts (+5 unmeasured)`);
    const stamp = (Date.now() % 1_000_000) * 1000;
    const first: Awaited<ReturnType<typeof submitToFirstProgress>>[] = [];
    for (let i = 0; i < 5 + N_SUBMIT; i++) {
      const r = await submitToFirstProgress(instance.url, token, stamp + i);
      if (i >= 5) first.push(r);
      await sleep(SUBMIT_GAP_MS);
    }
    const firstMs = first.map((r) => r.firstMs);
    const postMs = first.map((r) => r.postMs);
    const splitKeys = ["submitToQueuedMs", "queuedToRunningMs", "runningToProgressMs", "progressToClientMs"] as const;
    const split = Object.fromEntries(
      splitKeys.map((k) => [k, pct(first.map((r) => r.split[k]).filter(Number.isFinite), 0.5)]),
    ) as Record<(typeof splitKeys)[number], number>;
    const split95 = Object.fromEntries(
      splitKeys.map((k) => [k, pct(first.map((r) => r.split[k]).filter(Number.isFinite), 0.95)]),
    ) as Record<(typeof splitKeys)[number], number>;

    // 2.
    log(`2. SSE fan-out: ${SSE_RUNS} runs × ${SSE_PER_RUN} clients, ${SSE_HZ}/s for ${SSE_SECONDS} s`);
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...appEnv };
    if (!opts.redisUrl) delete childEnv.REDIS_URL;
    const lastRun = first[first.length - 1]!.runId;
    const target = { url: instance.url, token, ownerId, webPid, nextPid, childEnv, log };
    const fan = await fanOut(target);

    // 3.
    log(`3. status API: GET /api/v1/runs/:id, ${STATUS_CONNECTIONS} connections, ${STATUS_SECONDS} s`);
    const statusRss = sampler(webPid);
    const status = await statusApi(instance.url, token, lastRun);
    const statusWeb = statusRss.stop();
    const nextRssMb = nextPid ? rssMb(nextPid) : Number.NaN;

    // References, same run: a trivial Next.js route on Next's own port, a bare node:http handler.
    log(
      `   references: a trivial Next.js route (GET /api/auth/ok on Next's port) and a bare node:http server, 5 s each`,
    );
    const nextRef = nextPort ? await hammer(`http://127.0.0.1:${nextPort}/api/auth/ok`, 5) : null;
    const bareRef = await bareNode((u) => hammer(u, 5));

    // 4.
    log(`4. ${HOLD_STREAMS} streams held for ${HOLD_SECONDS} s (${HOLD_RUNS} runs, 1 message/s each)`);
    const hold = await fanOut({
      ...target,
      // The status API while every stream is open (before the runs tick). Here and not in the 1,000-stream
      // fan-out: its garbage would be counted in that phase's RSS peak.
      whileOpen: async () => {
        log(`  status API for 5 s with the ${HOLD_STREAMS} streams open`);
        return statusApi(instance!.url, token, lastRun, 5);
      },
      shape: {
        runs: HOLD_RUNS,
        perRun: Math.ceil(HOLD_STREAMS / HOLD_RUNS),
        hz: 1,
        seconds: HOLD_SECONDS,
        procs: 4,
        aligned: false,
      },
    });

    const lost = fan.expected - fan.delivered;
    row(
      "HTTP submit → first progress on SSE p50 (ms)",
      f1(pct(firstMs, 0.5)),
      "1000",
      "POST /api/v1/forecasts/when + GET /api/runs/:id/events; peer: the system Fluxo replaces polled every 1 s",
    );
    row(
      "HTTP submit → first progress on SSE p95 (ms)",
      f1(pct(firstMs, 0.95)),
      "",
      `goal < 100; ${first.length} sequential small forecasts, ${SUBMIT_GAP_MS} ms apart; POST → 202 p50 ${f1(pct(postMs, 0.5))} ms; medians by the events' own times: submit → queued ${f0(split.submitToQueuedMs)}, → running ${f0(split.queuedToRunningMs)}, → first progress ${f0(split.runningToProgressMs)}, → client ${f0(split.progressToClientMs)} ms`,
    );
    row(
      `SSE fan-out ${fan.clients} clients / ${fan.runs} runs × ${fan.hz}/s: lag p50 (ms)`,
      f0(fan.lagP50Ms),
      "",
      `receive − event 'at'; ${fan.clientProcesses} client processes; runs ${fan.aligned ? "ticking in step" : "at spread phases"}; ` +
        `worker publishMs ${fan.publishMs}; events over ${transport === "redis" ? "Redis" : "Postgres NOTIFY"}`,
    );
    row(
      `SSE fan-out: lag p99 (ms)`,
      f0(fan.lagP99Ms),
      "",
      `goal < 100; max ${f0(fan.lagMaxMs)} ms; the publish path alone (a subscriber in the worker process) ` +
        `p50 ${f0(fan.pubSubLagP50Ms)}, p99 ${f0(fan.pubSubLagP99Ms)} ms; web CPU ${(fan.web.cpuShare * 100).toFixed(0)} % of a core, ` +
        `runnable but waiting for one ${(fan.web.waitShare * 100).toFixed(0)} % of the time`,
    );
    const sseLost = fan.expectedPublished - fan.delivered;
    const folded = fan.ticksReported - fan.ticksPublished;
    row(
      "SSE fan-out: events delivered (% of expected)",
      ((fan.delivered / Math.max(1, fan.expected)) * 100).toFixed(2),
      "",
      `${fan.delivered} of ${fan.expected} (ticks reported × ${SSE_PER_RUN} clients); ` +
        (lost === 0
          ? "none dropped"
          : `${sseLost} lost between pub/sub and the clients; ${folded} ticks never published ` +
            `(the worker's ${fan.publishMs} ms throttle keeps the newer of two reports closer than that; ` +
            `its event loop stalled up to ${f0(fan.workerLoopDelayMaxMs)} ms)`),
    );
    row("SSE fan-out: web RSS baseline (MB)", f0(fan.web.baselineMb), "", `just after start ${f0(startedMb)} MB`);
    row(
      "SSE fan-out: web RSS peak (MB)",
      f0(fan.web.peakMb),
      "",
      `goal < 256; ${f0(fan.web.connectedMb)} MB with ${fan.clients} streams open, idle` +
        (fan.web.memoryMidFanOut
          ? `; V8 heap mid-fan-out ${f0(fan.web.memoryMidFanOut.heapUsedMb)} MB used of ${f0(fan.web.memoryMidFanOut.heapTotalMb)}` +
            (fan.web.memoryBaseline ? ` (baseline ${f0(fan.web.memoryBaseline.heapUsedMb)} used)` : "")
          : ""),
    );
    if (fan.nextJs)
      row(
        "SSE fan-out: Next.js process RSS peak (MB)",
        f0(fan.nextJs.peakMb),
        "",
        `pages, tRPC, sign-in (a process of its own behind the edge; ${f0(nextRssMb)} MB after the status API)`,
      );
    const open = hold.whileOpen;
    if (open)
      row(
        `status API with ${hold.clients} streams open (req/s)`,
        f0(open.requestsPerSecond),
        "1000",
        `goal ≥ 1,000 and p95 < 100 ms: p95 ${f1(open.p95Ms)} ms, ${open.non2xx} non-2xx of ${open.requests}; 5 s, ${open.connections} connections`,
      );
    row(
      `status API GET /api/v1/runs/:id, ${status.connections} conns (req/s)`,
      f0(status.requestsPerSecond),
      "1000",
      "goal ≥ 5,000; peer: the ETo platform's own target (1,000 req/s, p95 < 100 ms)",
    );
    row(
      "status API latency p50 (ms)",
      f1(status.p50Ms),
      "",
      `autocannon, ${status.seconds} s, ${status.bodyBytes} B body`,
    );
    row("status API latency p95 (ms)", f1(status.p95Ms), "100", "goal < 20");
    row("status API latency p99 (ms)", f1(status.p99Ms), "", "");
    row(
      "status API non-2xx responses",
      String(status.non2xx),
      "",
      `of ${status.requests}; errors ${status.errors}, timeouts ${status.timeouts}; web CPU ${(statusWeb.cpuShare * 100).toFixed(0)} % of a core, waiting for one ${(statusWeb.waitShare * 100).toFixed(0)} %`,
    );
    if (nextRef)
      row(
        "reference: trivial Next.js route, 64 conns (req/s)",
        f0(nextRef.requestsPerSecond),
        "",
        `GET /api/auth/ok on Next's own port; p95 ${f1(nextRef.p95Ms)} ms`,
      );
    row(
      "reference: bare node:http handler, 64 conns (req/s)",
      f0(bareRef.requestsPerSecond),
      "",
      `a small JSON from a process of its own; p95 ${f1(bareRef.p95Ms)} ms`,
    );
    const holdErrors = Object.values(hold.errors).reduce((a, b) => a + b, 0);
    row(
      `${hold.clients} streams held ${hold.seconds} s: streams failed or errored`,
      String(hold.clientsFailed + holdErrors),
      "",
      `goal 0; ${hold.clients} of ${HOLD_STREAMS} opened in ${(hold.openMs / 1000).toFixed(1)} s (${hold.clientProcesses} client processes); ` +
        `${hold.delivered} of ${hold.expected} messages delivered, lag p99 ${f0(hold.lagP99Ms)} ms` +
        (holdErrors ? `; errors ${JSON.stringify(hold.errors)}` : ""),
    );
    row(
      `${hold.clients} streams held: web RSS peak (MB)`,
      f0(hold.web.peakMb),
      "",
      `${f0(hold.web.connectedMb)} MB with them open, idle; web CPU ${(hold.web.cpuShare * 100).toFixed(0)} % of a core` +
        (hold.nextJs ? `; Next.js ${f0(hold.nextJs.peakMb)} MB` : ""),
    );
    const json = {
      at: new Date().toISOString(),
      node: process.version,
      cores: availableParallelism(),
      loadavg1: loadavg()[0],
      /** Share of the bench's wall time during which some task on the machine waited for a CPU (PSI). */
      machineCpuPressure: (cpuPressureSeconds() - psiStart) / ((performance.now() - tStart) / 1000),
      transport,
      webPid,
      webRssAtStartMb: startedMb,
      submitFirstProgress: {
        n: first.length,
        p50Ms: pct(firstMs, 0.5),
        p95Ms: pct(firstMs, 0.95),
        maxMs: Math.max(...firstMs),
        postP50Ms: pct(postMs, 0.5),
        postP95Ms: pct(postMs, 0.95),
        medianSplitMs: split,
        p95SplitMs: split95,
        gapMs: SUBMIT_GAP_MS,
        endP50Ms: pct(
          first.map((r) => r.endMs),
          0.5,
        ),
      },
      fanOut: fan,
      nextPid,
      nextRssMb,
      references: { nextRoute: nextRef, bareNode: bareRef },
      hold: { ...hold, target: HOLD_STREAMS },
      statusApi: {
        ...status,
        webRssPeakMb: statusWeb.peakMb,
        webCpuShare: statusWeb.cpuShare,
        webWaitShare: statusWeb.waitShare,
        machineCpuPressure: statusWeb.machinePressure,
      },
    };
    return { rows, json };
  } finally {
    await instance?.stop().catch((e: unknown) => log(`instance did not stop cleanly: ${String(e)}`));
    await dropDatabase(db.url).catch((e: unknown) => log(`could not drop ${DB_NAME}: ${String(e)}`));
    await db.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const asJson = process.argv.includes("--json");
  const out = asJson ? console.error : console.log;
  const t0 = performance.now();
  const { rows, json } = await benchHttp({
    redisUrl: process.env.REDIS_URL || undefined,
    noBuild: process.argv.includes("--no-build"),
  });
  const w = [Math.max(...rows.map((r) => r[0]!.length)), 10, 10];
  const j = json as { transport: string; cores: number; loadavg1: number; machineCpuPressure: number };
  out(
    `\nFluxo HTTP bench — ${new Date().toISOString()} — node ${process.version}, ${j.cores} cores, ` +
      `load avg ${j.loadavg1.toFixed(2)}, CPU pressure ${Number.isFinite(j.machineCpuPressure) ? (j.machineCpuPressure * 100).toFixed(0) + " %" : "n/a"} ` +
      `(share of the time some task waited for a core), events over ${j.transport}, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
  );
  out(`${"measure".padEnd(w[0]!)}  ${"Fluxo".padStart(w[1]!)}  ${"peer".padStart(w[2]!)}  note`);
  for (const [name, ours, peer, note] of rows)
    out(`${name!.padEnd(w[0]!)}  ${ours!.padStart(w[1]!)}  ${(peer ?? "").padStart(w[2]!)}  ${note ?? ""}`);
  if (asJson) console.log(JSON.stringify(json, null, 2));
  process.exit(0);
}
