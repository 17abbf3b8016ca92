/**
 * `npm start`: one command that brings Fluxo up.
 *
 *   node dist/launcher/start.mjs [--web-only | --worker-only] [--no-build] [--queues analysis,reports]
 *
 * `npm start` bundles this launcher, the web process (edge) and the worker with its kernel threads into
 * dist/ first (scripts/build-server.mjs, about a second) and runs them as plain Node: no tsx in
 * production. Run from sources (`tsx src/launcher/start.ts`: the e2e server, bench and chaos), the
 * launcher bundles the edge and the worker itself before starting them, so they run compiled there too.
 * FLUXO_FROM_SOURCES=1 (`npm run start:sources`, development) runs the edge and the worker from sources
 * through tsx instead.
 *
 * 1. Reads the configuration (src/env.ts). Without DATABASE_URL it starts an embedded Postgres in
 *    $FLUXO_DATA_DIR/pg (created on first use, reused afterwards); --web-only/--worker-only (separate
 *    production processes) need a DATABASE_URL.
 * 2. Applies Prisma and Graphile Worker migrations (advisory-locked, so concurrent starts are safe).
 * 3. Builds the Next app when .next/BUILD_ID is missing or the sources changed since the last build
 *    (skipped with --no-build or --worker-only).
 * 4. Runs the web process (dist/edge/main.mjs: it owns PORT, answers the API, streams, health and metrics
 *    itself and hands everything else to `next start` on a loopback port) and the Graphile worker
 *    (dist/worker/main.mjs; its kernel threads run dist/worker/kernel-host.mjs) as
 *    child processes, output prefixed [web]/[next]/[worker], and prints "Fluxo is running at http://…"
 *    once the web answers HTTP.
 * 5. On SIGINT/SIGTERM: SIGTERM to the children, SIGKILL to any still running after 10 s, then stops the
 *    embedded Postgres and exits 0. A child that dies after it was up is restarted (1 s, doubling to
 *    30 s); one that dies within 10 s of its first start stops everything with exit code 1.
 *
 * Children stay in the launcher's process group (a kill of the group reaches them; a terminal's Ctrl-C
 * reaches them directly too, and the extra SIGTERM is harmless); the embedded Postgres runs in its own
 * group so it outlives them while they shut down.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { env, type TEnv } from "@/env";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/embedded-postgres";
import { deployMigrations } from "@/server/migrations";
import { redactUrl } from "@/server/logger";

const ROOT = path.resolve(import.meta.dirname, "../..");
const STOP_GRACE_MS = 10_000;
const require = createRequire(import.meta.url);
/** This launcher runs from src/ (tsx), not from its bundle in dist/launcher/. */
const LAUNCHER_FROM_SOURCES = import.meta.url.endsWith(".ts");
/** Development: the edge and the worker run from sources through tsx (no bundles). */
const CHILDREN_FROM_SOURCES = process.env.FLUXO_FROM_SOURCES === "1";

type Flags = { webOnly: boolean; workerOnly: boolean; noBuild: boolean; queues?: string };
function parseFlags(argv: string[]): Flags {
  const flags: Flags = { webOnly: false, workerOnly: false, noBuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--web-only") flags.webOnly = true;
    else if (a === "--worker-only") flags.workerOnly = true;
    else if (a === "--no-build") flags.noBuild = true;
    else if (a === "--queues") flags.queues = argv[++i] ?? "";
    else if (a.startsWith("--queues=")) flags.queues = a.slice("--queues=".length);
    else throw new Error(`unknown option ${a} (use --web-only, --worker-only, --no-build, --queues q1,q2)`);
  }
  if (flags.webOnly && flags.workerOnly) throw new Error("--web-only and --worker-only exclude each other");
  return flags;
}

const say = (line: string) => process.stdout.write(`[fluxo] ${line}\n`);

// ---------------------------------------------------------------- build when sources changed

const STAMP_FILE = path.join(ROOT, ".next/fluxo-build-stamp");
const STAMP_FILES = [
  "next.config.js",
  "next.config.mjs",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "postcss.config.js",
  "tsconfig.json",
];
const STAMP_DIRS = ["src", "public"];
const NOT_BUILT = /\.(test|spec|int\.test)\.tsx?$/;

/** Hash of path, size and mtime of everything the build reads (tests excluded). */
export function sourceStamp(root = ROOT): string {
  const h = createHash("sha256");
  const add = (abs: string) => {
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (st?.isFile()) h.update(`${path.relative(root, abs)}\0${st.size}\0${Math.trunc(st.mtimeMs)}\n`);
  };
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (!NOT_BUILT.test(e.name)) add(abs);
    }
  };
  for (const f of STAMP_FILES) add(path.join(root, f));
  for (const d of STAMP_DIRS) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return h.digest("hex");
}

function buildReason(): string | null {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) return "no build found";
  const saved = fs.existsSync(STAMP_FILE) ? fs.readFileSync(STAMP_FILE, "utf8").trim() : "";
  return saved === sourceStamp() ? null : "sources changed since the last build";
}

// ---------------------------------------------------------------- children

const children = new Map<string, ChildProcess>();
let shuttingDown = false;

function pipeLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WriteStream): void {
  if (!stream) return;
  readline
    .createInterface({ input: stream, crlfDelay: Infinity })
    .on("line", (line) => out.write(`${prefix} ${line}\n`));
}

function startChild(name: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  // The real node process (not npm/sh/tsx wrappers), so the pid we signal is the one that serves.
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.set(name, child);
  pipeLines(child.stdout, `[${name}]`, process.stdout);
  pipeLines(child.stderr, `[${name}]`, process.stderr);
  return child;
}

function exitedPromise(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function runBuild(childEnv: NodeJS.ProcessEnv): Promise<void> {
  const stamp = sourceStamp(); // taken before the build, so edits during it trigger the next one
  const child = startChild("build", [require.resolve("next/dist/bin/next"), "build"], childEnv);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  children.delete("build");
  if (shuttingDown) return;
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  fs.writeFileSync(STAMP_FILE, stamp + "\n");
}

/** A TCP port free on 127.0.0.1 right now (for Next's internal server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Bundle the server processes (scripts/build-server.mjs: `edge`, `worker`); writes only what changed. */
async function buildServer(targets: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  const child = startChild("build", ["scripts/build-server.mjs", ...targets], childEnv);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  children.delete("build");
  if (code !== 0 && !shuttingDown) throw new Error(`bundling ${targets.join(" and ")} failed (exit ${code})`);
}

/** Node arguments of a server process: its bundle in dist/, or its sources through tsx (FLUXO_FROM_SOURCES=1). */
function serverArgs(source: string, bundle: string): string[] {
  if (CHILDREN_FROM_SOURCES) return ["--import", "tsx", source];
  if (!fs.existsSync(path.join(ROOT, bundle)))
    throw new Error(`${bundle} is missing: run \`node scripts/build-server.mjs\` (npm start does)`);
  return ["--enable-source-maps", bundle];
}

async function waitForHttp(url: string, name = "web"): Promise<boolean> {
  while (!shuttingDown) {
    const web = children.get(name);
    if (!web || web.exitCode !== null || web.signalCode !== null) return false;
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return false;
}

// ---------------------------------------------------------------- shutdown

let embedded: EmbeddedPostgres | undefined;

async function shutdown(reason: string, code: number): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => {});
  shuttingDown = true;
  say(reason);
  const alive = [...children.entries()].filter(([, c]) => c.exitCode === null && c.signalCode === null);
  for (const [, c] of alive) {
    try {
      c.kill("SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const all = Promise.all(alive.map(([, c]) => exitedPromise(c)));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    all.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), STOP_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    for (const [name, c] of alive) {
      if (c.exitCode === null && c.signalCode === null) {
        say(`${name} did not stop within ${STOP_GRACE_MS / 1000} s: killing it`);
        c.kill("SIGKILL");
      }
    }
    await all;
  }
  if (embedded) {
    say("stopping embedded Postgres");
    await embedded.stop().catch((e: unknown) => say(`embedded Postgres did not stop cleanly: ${String(e)}`));
  }
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) return; // a second Ctrl-C while stopping: keep stopping in order
  void shutdown(`received ${signal}; stopping`, 0);
}

// ---------------------------------------------------------------- supervision

/** A child that ran this long before dying is restarted; one that dies sooner at its first start stops Fluxo. */
const HEALTHY_AFTER_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Keep a child running: a worker exits on purpose when its queue connection is beyond repair (e.g.
 * PostgreSQL restarted under it) and a web process can crash; both come back after 1 s, doubling up to
 * 30 s while they keep dying young. A worker that exits 0 was drained from the console and stays stopped. A child that dies within 10 s of its first start (a bad port, a
 * bad configuration) stops Fluxo with exit code 1 instead: retrying would not help.
 */
function supervise(name: string, start: () => ChildProcess): void {
  let delay = 1000;
  let first = true;
  const run = () => {
    const startedAt = Date.now();
    start().once("exit", (code, signal) => {
      if (shuttingDown) return;
      const how = signal ?? `code ${code}`;
      const ranMs = Date.now() - startedAt;
      if (name === "worker" && code === 0) {
        // Only a drain (asked from the console) ends a worker with 0: it is left stopped, as asked.
        say("worker drained (asked from the console) and exited; not restarted — restart Fluxo to bring it back");
        return;
      }
      if (first && ranMs < HEALTHY_AFTER_MS) {
        void shutdown(`${name} exited unexpectedly (${how}); stopping Fluxo`, 1);
        return;
      }
      first = false;
      if (ranMs >= HEALTHY_AFTER_MS) delay = 1000;
      say(`${name} exited unexpectedly (${how}); restarting it in ${delay / 1000} s`);
      setTimeout(() => {
        if (!shuttingDown) run();
      }, delay);
      delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    });
  };
  run();
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  for (const s of [process.stdout, process.stderr]) s.on("error", () => {}); // reader gone: keep running
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  const flags = parseFlags(process.argv.slice(2));
  let config: TEnv;
  try {
    config = env();
  } catch (e) {
    throw new Error((e as Error).message);
  }
  const runWeb = !flags.workerOnly;
  const runWorker = !flags.webOnly;
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  let databaseUrl = config.DATABASE_URL;
  if (databaseUrl) {
    say(`database: ${redactUrl(databaseUrl)}`);
  } else {
    if (flags.webOnly || flags.workerOnly)
      throw new Error("--web-only/--worker-only need DATABASE_URL (all processes must share one database)");
    const dataDir = path.resolve(ROOT, config.FLUXO_DATA_DIR, "pg");
    say(`DATABASE_URL not set: starting embedded Postgres (data in ${path.relative(ROOT, dataDir) || dataDir})`);
    embedded = await startEmbeddedPostgres(dataDir, { log: say });
    if (shuttingDown) return;
    databaseUrl = embedded.url;
    process.env.DATABASE_URL = databaseUrl;
    say(`database: ${redactUrl(databaseUrl)} (embedded)`);
  }

  const t0 = Date.now();
  // Migrations hold a session advisory lock: directly, not through a transaction-mode pooler.
  const { applied } = await deployMigrations(config.DATABASE_DIRECT_URL ?? databaseUrl, {
    // explicit: bundled, the migrations module no longer sits at src/server/migrations/
    migrationsDir: path.join(ROOT, "prisma/migrations"),
    schemaPath: path.join(ROOT, "prisma/schema.prisma"),
    log: (l) => say(`migrate: ${l}`),
  });
  if (shuttingDown) return;
  say(applied.length ? `migrations applied: ${applied.join(", ")}` : `database is up to date (${Date.now() - t0} ms)`);

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(flags.queues !== undefined ? { WORKER_QUEUES: flags.queues } : {}),
  };
  if (runWeb && !flags.noBuild) {
    const why = buildReason();
    if (why) {
      say(`building the web app (${why}); this takes a minute`);
      await runBuild({ ...baseEnv, NODE_ENV: "production" });
      if (shuttingDown) return;
    }
  }

  // `npm start` built dist/ before this launcher started; run from sources, it bundles them now.
  if (LAUNCHER_FROM_SOURCES && !CHILDREN_FROM_SOURCES) {
    await buildServer([...(runWeb ? ["edge"] : []), ...(runWorker ? ["worker"] : [])], baseEnv);
    if (shuttingDown) return;
  }
  if (runWorker) {
    const workerArgs = serverArgs("src/worker/main.ts", "dist/worker/main.mjs");
    supervise("worker", () => startChild("worker", workerArgs, { ...baseEnv, FLUXO_PROCESS: "worker" }));
  }
  if (runWeb) {
    const nextBin = require.resolve("next/dist/bin/next");
    const nextPort = await freePort();
    const nextUrl = `http://127.0.0.1:${nextPort}`;
    const wildcard = config.HOST === "0.0.0.0" || config.HOST === "::";
    const host = wildcard ? "127.0.0.1" : config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
    const url = `http://${host}:${config.PORT}`;
    // The public URL (links in emails, the trusted origin); set FLUXO_URL when serving behind a proxy.
    const webEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      FLUXO_PROCESS: "web",
      NODE_ENV: "production",
      FLUXO_URL: baseEnv.FLUXO_URL ?? url,
    };
    // Next.js serves pages, tRPC and sign-in on loopback only; the edge owns the public port.
    supervise("next", () =>
      startChild("next", [nextBin, "start", "-p", String(nextPort), "-H", "127.0.0.1", "--keepAliveTimeout", "65000"], {
        ...webEnv,
        FLUXO_PROCESS: "next",
      }),
    );
    // The edge runs bundled: ~60 MB less than under tsx.
    const webArgs = serverArgs("src/edge/main.ts", "dist/edge/main.mjs");
    supervise("web", () => startChild("web", webArgs, { ...webEnv, FLUXO_NEXT_URL: nextUrl }));
    if ((await waitForHttp(nextUrl, "next")) && (await waitForHttp(url)))
      process.stdout.write(`Fluxo is running at ${url}\n`);
  } else {
    say("Fluxo worker is running");
  }
}

main().catch((e: unknown) => {
  void shutdown(`cannot start: ${e instanceof Error ? e.message : String(e)}`, 1);
});
