/**
 * `npm run chaos` (issue 10, item 3): faults injected one after another while simulated users submit
 * seeded forecasts, follow their server-sent events and cancel some (the `npm run load` user loop).
 *
 *   npm run chaos -- [--short] [--no-build] [--users N]
 *
 * The script owns its whole topology and never touches the machine's shared services: an embedded
 * Postgres in .data/pg-chaos on a free port (database fluxo_chaos, migrated like the tests'), its own
 * redis-server on a free port (no persistence), one web and two worker launchers (src/launcher/start.ts
 * --web-only / --worker-only) with WORKER_HEARTBEAT_MS=1000 and WORKER_DEAD_AFTER_MS=5000, logs in
 * .data/chaos/. The faults, in order:
 *   1. kill -9 of the worker process holding a long "victim" run (it must run again elsewhere);
 *   1b. kill -9 of a worker in the middle of a batch flush: during a burst of small runs, as soon as
 *      pg_stat_activity shows one of its batched statements running (its connections are named
 *      fluxo:<pid>) — the statement commits or not, the worker never learns which;
 *   2. Postgres crash-stop (SIGQUIT to the postmaster = pg_ctl stop -m immediate), restart on its port;
 *   3. Redis stopped for 30 s (--short: 10 s), then started again (skipped without redis-server);
 *   4. kill -9 of the web process (the edge that owns the port), its launcher started again on the same port.
 * After each fault a probe submits small forecasts until one is accepted and ends succeeded: the
 * recovery time is fault → that success. At the end the load stops, every run is read back, and the
 * invariants are checked: every accepted run terminal (none lost), no run id handed out twice, at most
 * one terminal status event per run (on its stream and in run_events), every succeeded run's result
 * equal to forecastWhen() computed here from its stored input and seed. Network errors and 503s during
 * a fault window are reported by kind; an HTTP 500 is a failure. Exit 1 when an invariant fails.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { createRng, forecastWhen, type WhenInput } from "@/domain/forecast";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/embedded-postgres";
import { deployMigrations } from "@/server/migrations";
import { canonicalJson } from "@/server/canonical-json";
import { freePort, launch, makeAccountToken, sleep, type Launched } from "./lib/instance";
import {
  callJson,
  kindOf,
  outcomes,
  Tally,
  TERMINAL,
  user,
  verify,
  type LoadConfig,
  type RunRecord,
  type Shared,
} from "./lib/load-core";

// ---------------------------------------------------------------- flags

interface Flags {
  short: boolean;
  noBuild: boolean;
  users: number;
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { short: false, noBuild: false, users: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--short") f.short = true;
    else if (a === "--no-build") f.noBuild = true;
    else if (a === "--users" || a.startsWith("--users=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 200) throw new Error("--users must be a whole number from 1 to 200");
      f.users = n;
    } else throw new Error(`unknown argument ${a} (use --short, --no-build, --users N)`);
  }
  f.users ||= f.short ? 6 : 10;
  return f;
}

const log = (l: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${l}\n`);
const secs = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------- owned services

const ROOT = path.resolve(import.meta.dirname, "..");
const DATA = path.join(ROOT, ".data");
const LOGS = path.join(DATA, "chaos");
const PG_DIR = path.join(DATA, "pg-chaos");
const DATABASE = "fluxo_chaos";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

class Postgres {
  private handle?: EmbeddedPostgres;
  private closed = false;
  port = 0;
  url = "";
  async start(): Promise<void> {
    this.handle = await startEmbeddedPostgres(PG_DIR, {
      database: "postgres",
      port: this.port || undefined,
      log: (l) => log(l),
    });
    if (this.closed) {
      await this.handle.stop(); // stop() came while it was starting (Ctrl-C)
      throw new Error("stopped");
    }
    this.port = this.handle.port;
    const u = new URL(this.handle.url);
    u.pathname = `/${DATABASE}`;
    this.url = u.toString();
  }
  /** Drop and create the chaos database, then migrate it (as src/test/test-database.ts does). */
  async fresh(): Promise<void> {
    const admin = new pg.Client({ connectionString: this.handle!.url });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    await deployMigrations(this.url);
  }
  /** Immediate shutdown (what `pg_ctl stop -m immediate` sends): no checkpoint, crash recovery at start. */
  async crash(): Promise<void> {
    const pidFile = path.join(fs.realpathSync(PG_DIR), "postmaster.pid");
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!(pid > 0)) throw new Error(`no postmaster pid in ${pidFile}`);
    process.kill(pid, "SIGQUIT");
    if (!(await waitGone(pid, 10_000))) process.kill(pid, "SIGKILL");
    await waitGone(pid, 5000);
    await this.handle?.stop(); // the handle sees its child gone: nothing more to do
  }
  async stop(): Promise<void> {
    this.closed = true;
    await this.handle?.stop();
  }
}

function hasRedisServer(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: "127.0.0.1" });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on("error", () => done(false));
    s.on("connect", () => s.write("PING\r\n"));
    s.on("data", (d) => done(d.toString().startsWith("+PONG")));
  });
}

class RedisServer {
  private child?: ChildProcess;
  private closed = false;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const out = fs.openSync(path.join(LOGS, "redis.log"), "a");
    this.child = spawn(
      "redis-server",
      ["--port", String(this.port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
      { stdio: ["ignore", out, out] },
    );
    fs.closeSync(out);
    if (this.closed) {
      this.child.kill("SIGKILL"); // stop() came first (Ctrl-C)
      throw new Error("stopped");
    }
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (await redisPing(this.port)) return;
      if (this.child.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`redis-server did not start on port ${this.port} (see ${LOGS}/redis.log)`);
  }
  /** `final` false: stopped for a while (the fault), to be started again. */
  async stop(final = true): Promise<void> {
    if (final) this.closed = true;
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await Promise.race([gone, sleep(5000)]);
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  }
}

/** The processes a launcher started (the real node processes that serve or work). */
function childrenOf(pid: number): { pid: number; args: string }[] {
  try {
    return execFileSync("ps", ["--ppid", String(pid), "-o", "pid=,args="], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => ({ pid: Number(l.split(/\s+/)[0]), args: l.replace(/^\d+\s+/, "") }));
  } catch {
    return []; // ps exits 1 when there is none
  }
}

/**
 * A launcher kept running, as a process supervisor would: when it exits (its child was killed, or
 * exited itself), it is started again (retried every second while it cannot start, e.g. while the
 * database is down), and `onRestart` is told.
 */
class Supervised {
  current?: Launched;
  /** Resolves once the launcher running now has started (after a restart: the new one). */
  ready: Promise<void> = Promise.resolve();
  private closing = false;
  constructor(
    readonly name: string,
    private readonly start: () => Promise<Launched>,
    private readonly onRestart: (line: string) => void,
  ) {}
  async run(): Promise<void> {
    this.ready = this.startLoop();
    await this.ready;
  }
  private async startLoop(): Promise<void> {
    for (let tries = 1; !this.closing; tries++) {
      try {
        const l = await this.start();
        this.current = l;
        void l.exited.then((code) => {
          if (this.closing || this.current !== l) return;
          this.onRestart(`${this.name}: launcher exited (code ${code}); starting it again`);
          this.ready = this.startLoop();
        });
        return;
      } catch (e) {
        if (tries >= 120) throw e;
        await sleep(1000);
      }
    }
  }
  /** The pid of the launcher's child whose command line matches `re` (the process that serves or works). */
  childPid(re: RegExp): number | undefined {
    const l = this.current;
    if (!l || l.child.pid === undefined) return undefined;
    return childrenOf(l.child.pid).find((c) => re.test(c.args))?.pid;
  }
  /**
   * After `oldPid` (a child matching `re`) was killed: resolves once a new child matching `re` runs —
   * started by the launcher itself (it restarts a child that dies after it was up) or by a restart of
   * the launcher (older launchers exit when a child dies). `url`: also wait until it answers HTTP.
   */
  async replaced(re: RegExp, oldPid: number, url?: string): Promise<void> {
    for (const until = Date.now() + 120_000; Date.now() < until; await sleep(100)) {
      await this.ready.catch(() => {});
      const pid = this.childPid(re);
      if (pid === undefined || pid === oldPid) continue;
      if (!url) return;
      const up = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status < 500,
        () => false,
      );
      if (up) return;
    }
    throw new Error(`${this.name}: no new process replaced pid ${oldPid} within 120 s`);
  }
  async stop(): Promise<void> {
    this.closing = true;
    await this.ready.catch(() => {});
    await this.current?.stop();
  }
}

// ---------------------------------------------------------------- phases

interface Phase {
  name: string;
  start: number;
  end?: number;
  /** When the fault was injected, and when the service came back (outage faults). */
  faultAt?: number;
  restoredAt?: number;
  /** Fault → first probe that was accepted and ended succeeded. */
  recoveryMs?: number;
  /** Worker kill: kill → the orphaned run running on another worker / ended there. */
  orphanRunningMs?: number;
  orphanEndedMs?: number;
  orphanStatus?: string;
  errors: Map<string, number>;
  notes: string[];
  skipped?: string;
  failures: string[];
}

const newPhase = (name: string): Phase => ({
  name,
  start: Date.now(),
  errors: new Map(),
  notes: [],
  failures: [],
});

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`chaos: ${(e as Error).message}\n`);
    return 2;
  }
  const short = flags.short;
  const wallStart = Date.now();
  fs.mkdirSync(LOGS, { recursive: true });
  for (const f of fs.readdirSync(LOGS)) fs.rmSync(path.join(LOGS, f), { force: true });

  const postgres = new Postgres();
  const redis = hasRedisServer() ? new RedisServer(await freePort()) : undefined;
  let web: Supervised | undefined;
  const workers: Supervised[] = [];
  let pool: pg.Pool | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      const quiet = (p: Promise<unknown> | undefined) => p?.catch(() => {});
      await Promise.all([quiet(web?.stop()), ...workers.map((w) => quiet(w.stop()))]);
      await quiet(pool?.end());
      await quiet(redis?.stop());
      await quiet(postgres.stop());
    })());
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log("interrupted: stopping everything this script started");
    void cleanup().then(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const phases: Phase[] = [];
  const s: Shared = {
    flags: {
      duration: 3_600_000,
      "cancel-share": 0.1,
      grace: short ? 60_000 : 90_000,
      "run-timeout": 180_000,
      "trials-min": 2_000,
      "trials-max": 40_000,
      seed: true,
    } satisfies LoadConfig,
    target: { url: "", tokens: [] },
    tally: new Tally(),
    runs: new Map(),
    active: new Set(),
    lastMessageAt: Date.now(),
    stopAt: Number.POSITIVE_INFINITY,
    abort: new AbortController(),
  };
  /** Start the next phase (ending the one before). */
  const begin = (name: string): Phase => {
    const prev = phases[phases.length - 1];
    if (prev) prev.end = Date.now();
    const p = newPhase(name);
    phases.push(p);
    return p;
  };
  s.tally.onError = (kind) => {
    const p = phases[phases.length - 1];
    if (p) p.errors.set(kind, (p.errors.get(kind) ?? 0) + 1);
  };

  try {
    // ---- topology
    await postgres.start();
    await postgres.fresh();
    pool = new pg.Pool({ connectionString: postgres.url, max: 3, connectionTimeoutMillis: 2000 });
    pool.on("error", () => {});
    if (redis) await redis.start();
    else log("redis-server not found: running without Redis (LISTEN/NOTIFY); the Redis fault is skipped");
    const env: Record<string, string> = {
      DATABASE_URL: postgres.url,
      ...(redis ? { REDIS_URL: redis.url } : {}),
      FLUXO_DATA_DIR: path.relative(ROOT, LOGS),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      RATE_LIMIT_SUBMIT_PER_MIN: "100000",
      RATE_LIMIT_SIGNIN_PER_MIN: "10000",
      WORKER_HEARTBEAT_MS: "1000",
      WORKER_DEAD_AFTER_MS: "5000",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    };
    delete process.env.REDIS_URL;
    delete process.env.DATABASE_URL;
    log(
      `topology: Postgres 127.0.0.1:${postgres.port} (${PG_DIR}), ` +
        `${redis ? `Redis 127.0.0.1:${redis.port}` : "no Redis"}, 1 web + 2 workers; ` +
        `WORKER_HEARTBEAT_MS=1000 WORKER_DEAD_AFTER_MS=5000; logs in ${LOGS}`,
    );
    const noteRestart = (line: string) => {
      log(line);
      phases[phases.length - 1]?.notes.push(line);
    };
    for (const i of [1, 2])
      workers.push(
        new Supervised(
          `worker ${i}`,
          () =>
            launch({
              env,
              args: ["--worker-only"],
              readyLine: "Fluxo worker is running",
              logPath: path.join(LOGS, `worker-${i}.log`),
              timeoutMs: 120_000,
            }),
          noteRestart,
        ),
      );
    const webPort = await freePort();
    web = new Supervised(
      "web",
      () =>
        launch({
          env,
          args: ["--web-only", ...(flags.noBuild ? ["--no-build"] : [])],
          logPath: path.join(LOGS, "web.log"),
          port: webPort,
          timeoutMs: 600_000,
        }),
      noteRestart,
    );
    await Promise.all([...workers.map((w) => w.run()), web.run()]);
    const url = web.current!.url;
    const token = await makeAccountToken(url, "chaos");
    s.target = { url, tokens: [token] };
    log(`Fluxo is up at ${url}; ${flags.users} users, ${short ? "short" : "full"} form`);

    // ---- probes and the database's view
    const q = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await pool!.query<R>(sql, params)).rows;

    /** Submit small seeded forecasts until one is accepted and ends succeeded; the time it did. */
    const probe = async (timeoutMs: number): Promise<number | undefined> => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until && !interrupted) {
        let id: string;
        const t0 = Date.now();
        try {
          const r = await callJson<{ runId: string }>({
            url: `${url}/api/v1/forecasts/when`,
            token,
            method: "POST",
            body: { samples: [1, 2, 3, 4], backlog: 20, trials: 1000, seed: randomInt(0, 2 ** 32) },
          });
          id = r.runId;
        } catch (e) {
          s.tally.error(kindOf(e), `probe submit: ${(e as Error).message}`);
          await sleep(250);
          continue;
        }
        if (s.runs.has(id)) s.tally.error("duplicate_run_id", `${id} handed out twice`);
        else s.runs.set(id, { id, user: 0, t0, cancel: false, sseTerminal: [] });
        while (Date.now() < until) {
          try {
            const run = await callJson<{ status: string }>({ url: `${url}/api/v1/runs/${id}`, token });
            if (run.status === "succeeded") return Date.now();
            if (TERMINAL.has(run.status)) break;
          } catch (e) {
            s.tally.error(kindOf(e), `probe poll: ${(e as Error).message}`);
          }
          await sleep(200);
        }
      }
      return undefined;
    };
    const recover = async (p: Phase) => {
      const at = await probe(short ? 90_000 : 180_000);
      if (at === undefined) p.failures.push("no submit-and-complete succeeded after the fault");
      else p.recoveryMs = at - p.faultAt!;
    };

    // ---- load
    const users = Array.from({ length: flags.users }, (_, i) => user(s, i));
    const settle = short ? 8_000 : 20_000;
    begin("baseline (no fault)");
    await sleep(short ? 8_000 : 20_000);

    // 1. kill -9 a worker holding a run
    {
      const p = begin("1. kill -9 worker");
      // A long run (~5 s of CPU alone), so that a worker is surely holding it when the kill comes.
      const victim = await callJson<{ runId: string }>({
        url: `${url}/api/v1/forecasts/when`,
        token,
        method: "POST",
        body: { samples: [1, 2, 1, 0, 3, 1], backlog: 4000, maxPeriods: 5200, trials: 490_000, seed: 7 },
      });
      s.runs.set(victim.runId, { id: victim.runId, user: 0, t0: Date.now(), cancel: false, sseTerminal: [] });
      let holder: { worker_id: string; pid: number } | undefined;
      for (let i = 0; i < 600 && !holder; i++) {
        const rows = await q<{ worker_id: string; pid: number }>(
          `select r.worker_id, w.pid from runs r join workers w on w.id = r.worker_id
            where r.id = $1 and r.status = 'running'`,
          [victim.runId],
        );
        holder = rows[0];
        if (!holder) await sleep(100);
      }
      const launcherIdx = holder ? workers.findIndex((w) => w.childPid(/worker\/main/) === holder.pid) : -1;
      if (!holder || launcherIdx < 0) {
        p.failures.push(`the victim run ${victim.runId} never ran on one of our workers`);
      } else {
        const launcher = workers[launcherIdx]!;
        p.notes.push(`victim run ${victim.runId} held by worker pid ${holder.pid} (launcher ${launcherIdx + 1})`);
        p.faultAt = Date.now();
        process.kill(holder.pid, "SIGKILL");
        log(`kill -9 worker pid ${holder.pid} holding run ${victim.runId}`);
        const recovery = recover(p);
        // the launcher restarts its worker (two workers serve again)
        await launcher.replaced(/worker\/main/, holder.pid);
        p.restoredAt = Date.now();
        for (;;) {
          const rows = await q<{ status: string; worker_id: string | null }>(
            `select status::text, worker_id from runs where id = $1`,
            [victim.runId],
          ).catch(() => []);
          const r = rows[0];
          const t = Date.now() - p.faultAt;
          if (r && r.status === "running" && r.worker_id && r.worker_id !== holder.worker_id) p.orphanRunningMs ??= t;
          if (r && TERMINAL.has(r.status)) {
            p.orphanEndedMs = t;
            p.orphanStatus = r.status;
            break;
          }
          if (t > 120_000) {
            p.failures.push(`the orphaned run ${victim.runId} did not end within 120 s (${r?.status})`);
            break;
          }
          await sleep(100);
        }
        if (p.orphanStatus && p.orphanStatus !== "succeeded")
          p.failures.push(`the orphaned run ended ${p.orphanStatus}`);
        await recovery;
      }
      await sleep(settle);
    }

    // 1b. kill -9 a worker in the middle of a batch flush
    {
      const p = begin("1b. kill -9 worker mid-flush");
      const burst = short ? 150 : 400;
      let submitted = 0;
      const submitOne = async (i: number) => {
        const t0 = Date.now();
        try {
          const r = await callJson<{ runId: string }>({
            url: `${url}/api/v1/forecasts/when`,
            token,
            method: "POST",
            body: { samples: [1, 2, 3, 4, 0, 2], backlog: 15, trials: 2000 + (i % 7), seed: randomInt(0, 2 ** 32) },
          });
          if (s.runs.has(r.runId)) s.tally.error("duplicate_run_id", `${r.runId} handed out twice`);
          else s.runs.set(r.runId, { id: r.runId, user: 0, t0, cancel: false, sseTerminal: [] });
          submitted++;
        } catch (e) {
          s.tally.error(kindOf(e), `burst submit: ${(e as Error).message}`);
        }
      };
      let next = 0;
      const lanes = Array.from({ length: 24 }, async () => {
        while (next < burst) await submitOne(next++);
      });
      // Watch for a worker's batched statement (insert or transition batch) in flight, then kill that worker.
      const workerPids = new Set(workers.map((w) => w.childPid(/worker\/main/)).filter((x): x is number => !!x));
      let victimPid: number | undefined;
      let seenStatement = "";
      const watchUntil = Date.now() + 30_000;
      while (!victimPid && Date.now() < watchUntil) {
        const rows = await q<{ app: string; query: string }>(
          `select application_name as app, left(query, 40) as query from pg_stat_activity
            where state = 'active' and application_name like 'fluxo:%' and query like 'with c0 as%'`,
        ).catch(() => []);
        for (const r of rows) {
          const pid = Number(r.app.slice("fluxo:".length));
          if (workerPids.has(pid)) {
            victimPid = pid;
            seenStatement = r.query.replace(/\s+/g, " ");
            break;
          }
        }
        if (!victimPid) await sleep(1);
      }
      if (!victimPid) p.failures.push("no worker's batched statement seen in flight within 30 s of the burst");
      else {
        const launcher = workers.find((w) => w.childPid(/worker\/main/) === victimPid)!;
        p.faultAt = Date.now();
        process.kill(victimPid, "SIGKILL");
        const line = `kill -9 worker pid ${victimPid} while its statement "${seenStatement}…" ran (burst of ${burst} runs)`;
        log(line);
        p.notes.push(line);
        const recovery = recover(p);
        await launcher.replaced(/worker\/main/, victimPid);
        p.restoredAt = Date.now();
        await recovery;
      }
      await Promise.all(lanes);
      p.notes.push(`${submitted} of ${burst} burst runs accepted`);
      await sleep(settle);
    }

    // 2. Postgres crash-stop and restart
    {
      const p = begin("2. Postgres restart (immediate)");
      p.faultAt = Date.now();
      await postgres.crash();
      log("Postgres stopped (immediate)");
      await sleep(short ? 3_000 : 5_000);
      await postgres.start();
      p.restoredAt = Date.now();
      p.notes.push(
        `down ${secs(p.restoredAt - p.faultAt)} (SIGQUIT to the postmaster, restart on port ${postgres.port})`,
      );
      log("Postgres is back");
      await recover(p);
      await sleep(settle);
    }

    // 3. Redis stopped for a while
    {
      const p = begin(`3. Redis stopped ${short ? 10 : 30} s`);
      if (!redis) p.skipped = "redis-server is not installed on this machine";
      else {
        p.faultAt = Date.now();
        await redis.stop(false);
        log("Redis stopped");
        await sleep(short ? 10_000 : 30_000);
        await redis.start();
        p.restoredAt = Date.now();
        log("Redis is back");
        await recover(p);
        await sleep(settle);
      }
    }

    // 4. kill -9 the web process, start it again
    {
      const p = begin("4. kill -9 web");
      const launcher = web;
      const pid = launcher.childPid(/edge\/main/);
      if (pid === undefined) p.failures.push("no web (edge) process under the web launcher");
      else {
        p.faultAt = Date.now();
        process.kill(pid, "SIGKILL");
        log(`kill -9 web pid ${pid}`);
        await launcher.replaced(/edge\/main/, pid, `${launcher.current!.url}/api/health/live`);
        p.restoredAt = Date.now();
        log("web is back");
        await recover(p);
        await sleep(settle);
      }
    }

    // ---- stop the load, verify
    begin("after the load (verification)");
    s.stopAt = Date.now();
    log("load stopped; waiting for the users' last runs");
    await Promise.race([Promise.all(users), sleep(s.flags["run-timeout"])]);
    s.abort.abort();
    await Promise.all(users);
    log(`verifying ${s.runs.size} runs (grace ${s.flags.grace / 1000} s)`);
    await verify(s, wallStart - 5000, log);
  } catch (e) {
    log(`cannot run: ${(e as Error).stack ?? String(e)}`);
    await cleanup();
    return 1;
  }

  // ---- invariants
  const failures: string[] = [];
  const all = [...s.runs.values()];
  const total = outcomes(s, all);
  // database view: terminal status events per run, and results recomputed here
  const terminalEvents = new Map<string, number>();
  const endedAt: number[] = [];
  let wrong = 0;
  let checked = 0;
  const wrongByRun = new Set<string>();
  try {
    const ev = await pool!.query<{ run_id: string; n: string }>(
      `select run_id, count(*) n from run_events
        where type = 'status' and payload->>'status' in ('succeeded','failed','cancelled','dead') group by run_id`,
    );
    for (const r of ev.rows) terminalEvents.set(r.run_id, Number(r.n));
    const ids = all.map((r) => r.id);
    const ends = await pool!.query<{ finished_at: Date | null }>(
      `select finished_at from runs where id = any($1::uuid[]) and finished_at is not null`,
      [ids],
    );
    for (const r of ends.rows) if (r.finished_at) endedAt.push(r.finished_at.getTime());
    const done = await pool!.query<{ id: string; input: WhenInput; result: unknown }>(
      `select id, input, result from runs where id = any($1::uuid[]) and status = 'succeeded'`,
      [ids],
    );
    for (const r of done.rows) {
      checked++;
      // jsonb keeps its own key order: compare canonical forms
      const expected = canonicalJson(forecastWhen(r.input, { rng: createRng(r.input.seed) }));
      if (canonicalJson(r.result) !== expected) {
        wrong++;
        wrongByRun.add(r.id);
        if (s.tally.problems.length < 20) s.tally.problems.push(`wrong result: run ${r.id}`);
      }
    }
  } catch (e) {
    failures.push(`could not read the database for the checks: ${(e as Error).message}`);
  }
  const dupEvents = [...terminalEvents].filter(([, n]) => n > 1).map(([id]) => id);
  const missingEvents = all.filter((r) => TERMINAL.has(r.finalStatus ?? "") && !terminalEvents.has(r.id));
  await cleanup();

  // ---- report
  const inPhase = (p: Phase, r: RunRecord) => r.t0 >= p.start && r.t0 < (p.end ?? Number.POSITIVE_INFINITY);
  const fmtMap = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  let out = "";
  for (const p of phases.slice(0, -1)) {
    const runs = all.filter((r) => inPhase(p, r));
    const o = outcomes({ ...s, tally: new Tally() }, runs);
    const dup = runs.filter((r) => dupEvents.includes(r.id)).length + o.duplicated;
    const bad = runs.filter((r) => wrongByRun.has(r.id)).length;
    const n500 = p.errors.get("http_500") ?? 0;
    if (o.lost) p.failures.push(`${o.lost} lost run(s)`);
    if (dup) p.failures.push(`${dup} duplicated run(s)`);
    if (bad) p.failures.push(`${bad} wrong result(s)`);
    if (n500) p.failures.push(`${n500} HTTP 500`);
    const rows: [string, string][] = [
      ["runs accepted", String(runs.length)],
      ["final statuses", fmtMap(o.statuses)],
      ["lost / duplicated / wrong result", `${o.lost} / ${dup} / ${bad}`],
      ["errors by kind", fmtMap(p.errors)],
      ...(p.skipped ? ([["skipped", p.skipped]] as [string, string][]) : []),
      ...(p.faultAt !== undefined
        ? ([
            ["service back after", p.restoredAt ? secs(p.restoredAt - p.faultAt) : "—"],
            ["recovery (fault → first submit+complete ok)", secs(p.recoveryMs)],
            [
              "runs that ended while it was down",
              p.restoredAt ? String(endedAt.filter((t) => t >= p.faultAt! && t < p.restoredAt!).length) : "—",
            ],
          ] as [string, string][])
        : []),
      ...(p.orphanEndedMs !== undefined || p.orphanRunningMs !== undefined
        ? ([
            ["orphaned run running elsewhere after", secs(p.orphanRunningMs)],
            ["orphaned run ended after", `${secs(p.orphanEndedMs)} (${p.orphanStatus ?? "—"})`],
          ] as [string, string][])
        : []),
      ...p.notes.map((n) => ["note", n] as [string, string]),
      ["verdict", p.failures.length ? `FAIL: ${p.failures.join("; ")}` : "ok"],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    out += `\n== ${p.name} (${secs((p.end ?? Date.now()) - p.start)})\n`;
    out += rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n") + "\n";
    failures.push(...p.failures.map((f) => `${p.name}: ${f}`));
  }
  const n500 = s.tally.errors.get("http_500") ?? 0;
  if (total.lost) failures.push(`${total.lost} lost run(s) overall`);
  if (total.duplicated) failures.push(`${total.duplicated} duplicated (stream or run id) overall`);
  if (dupEvents.length) failures.push(`${dupEvents.length} run(s) with two terminal events`);
  if (missingEvents.length) failures.push(`${missingEvents.length} terminal run(s) without a terminal event`);
  if (wrong) failures.push(`${wrong} wrong result(s)`);
  if (n500 && !failures.some((f) => f.includes("HTTP 500"))) failures.push(`${n500} HTTP 500`);
  if (!checked) failures.push("no succeeded run to check");
  const summary: [string, string][] = [
    ["form / users", `${short ? "short" : "full"} / ${flags.users}`],
    ["worker settings", "WORKER_HEARTBEAT_MS=1000 WORKER_DEAD_AFTER_MS=5000"],
    ["runs accepted (all phases)", String(all.length)],
    ["final statuses", fmtMap(total.statuses)],
    ["results recomputed and equal", `${checked - wrong} / ${checked}`],
    ["terminal events per run > 1", String(dupEvents.length)],
    ["errors by kind (all)", fmtMap(s.tally.errors)],
    ["wall time", secs(Date.now() - wallStart)],
  ];
  const w = Math.max(...summary.map(([k]) => k.length));
  out += `\n== summary\n${summary.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n")}\n`;
  if (s.tally.problems.length) out += `\nfirst problems:\n  ${s.tally.problems.join("\n  ")}\n`;
  out += `\n${failures.length ? `FAIL: ${failures.join("; ")}` : "OK: every invariant held"}\n`;
  process.stdout.write(out);
  return failures.length ? 1 : 0;
}

process.exit(await main());
