/**
 * A PgBouncer process for tests and tools (the PgBouncer integration test, the cluster harness):
 * a temporary ini and auth file, PgBouncer in the foreground as a child process, logging to its
 * stderr, and `stop()` to end it and remove the files. Trust authentication: PgBouncer lets in the one
 * configured user without a password and logs in to PostgreSQL as that user, so the server behind it
 * must trust that user from PgBouncer's address (the local Postgres here trusts local connections).
 * Not for production: there, PgBouncer is configured by its operator.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type PgBouncerPoolMode = "session" | "transaction" | "statement";

export interface PgBouncerOptions {
  /** Address PgBouncer listens on: any address of this host (or of the namespace it runs in). Default 127.0.0.1. */
  listenHost?: string;
  /** Port to listen on. Default: a port free on listenHost when asked (6432 with a `prefix`: another namespace's ports are not probed). */
  listenPort?: number;
  /** The PostgreSQL server behind PgBouncer. Default 127.0.0.1:5432. */
  dbHost?: string;
  dbPort?: number;
  /** The database clients name (the same name on the server). Default "*": any name goes to the same server. */
  dbName?: string;
  /** The user clients connect as, and PgBouncer logs in to PostgreSQL as. Default "postgres". */
  dbUser?: string;
  /** Default "transaction". */
  poolMode?: PgBouncerPoolMode;
  /** Server connections per database and user (default_pool_size, 1..1000). Default 20. */
  poolSize?: number;
  /** Client connections PgBouncer accepts (max_client_conn, 1..100000). Default 1000. */
  maxClientConn?: number;
  /** The pgbouncer executable. Default: PGBOUNCER_BIN, else pgbouncer on PATH or in /usr/sbin. */
  binary?: string;
  /** A command prefix to start PgBouncer through, e.g. ["ip", "netns", "exec", "data"] to run it in a namespace. */
  prefix?: readonly string[];
  /** How long to wait for PgBouncer to listen (ms). Default 10000. */
  startTimeoutMs?: number;
}

export interface PgBouncer {
  /** postgresql://<dbUser>@<listenHost>:<port>/<dbName> ("postgres" when dbName is "*"). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** A connection string for `database` through this PgBouncer (with dbName "*" any database; else only dbName). */
  urlFor(database: string): string;
  /** What PgBouncer has logged so far (its stderr), for diagnostics. */
  log(): string;
  /** Immediate shutdown (SIGTERM; SIGKILL after 5 s), then the temporary files are removed. Idempotent. */
  stop(): Promise<void>;
}

/** How to get PgBouncer on Debian/Ubuntu, for skip and error messages. */
export const PGBOUNCER_INSTALL_HINT = "apt-get install -y pgbouncer (or set PGBOUNCER_BIN)";

/** The pgbouncer executable: PGBOUNCER_BIN, else on PATH, else /usr/sbin/pgbouncer; null when there is none. */
export function findPgBouncer(): string | null {
  const fromEnv = process.env.PGBOUNCER_BIN;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const d of dirs) {
    const p = path.join(d, "pgbouncer");
    if (d && fs.existsSync(p)) return p;
  }
  return null;
}

async function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const hostInUrl = (h: string) => (h.includes(":") ? `[${h}]` : h);
const NAME = /^[A-Za-z0-9_.-]{1,63}$/;

function check(o: Required<Omit<PgBouncerOptions, "binary" | "prefix" | "listenPort">>, port?: number): void {
  const bad = (field: string, why: string) => {
    throw new Error(`startPgBouncer: ${field} ${why}`);
  };
  if (o.dbName !== "*" && !NAME.test(o.dbName))
    bad("dbName", `must be "*" or 1-63 of [A-Za-z0-9_.-] (got "${o.dbName}")`);
  if (!NAME.test(o.dbUser)) bad("dbUser", `must be 1-63 of [A-Za-z0-9_.-] (got "${o.dbUser}")`);
  if (!/^[A-Za-z0-9_.:-]{1,253}$/.test(o.dbHost)) bad("dbHost", `must be a host name or address (got "${o.dbHost}")`);
  if (!net.isIP(o.listenHost)) bad("listenHost", `must be an IP address (got "${o.listenHost}")`);
  if (!Number.isInteger(o.dbPort) || o.dbPort < 1 || o.dbPort > 65535) bad("dbPort", "must be 1..65535");
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
    bad("listenPort", "must be 1..65535");
  if (!Number.isInteger(o.poolSize) || o.poolSize < 1 || o.poolSize > 1000) bad("poolSize", "must be 1..1000");
  if (!Number.isInteger(o.maxClientConn) || o.maxClientConn < 1 || o.maxClientConn > 100_000)
    bad("maxClientConn", "must be 1..100000");
  if (!["session", "transaction", "statement"].includes(o.poolMode))
    bad("poolMode", "must be session, transaction or statement");
}

/** Start PgBouncer; resolves once it listens (rejects with its log when it exits or does not listen in time). */
export async function startPgBouncer(opts: PgBouncerOptions = {}): Promise<PgBouncer> {
  const o = {
    listenHost: opts.listenHost ?? "127.0.0.1",
    dbHost: opts.dbHost ?? "127.0.0.1",
    dbPort: opts.dbPort ?? 5432,
    dbName: opts.dbName ?? "*",
    dbUser: opts.dbUser ?? "postgres",
    poolMode: opts.poolMode ?? "transaction",
    poolSize: opts.poolSize ?? 20,
    maxClientConn: opts.maxClientConn ?? 1000,
    startTimeoutMs: opts.startTimeoutMs ?? 10_000,
  };
  check(o, opts.listenPort);
  const binary = opts.binary ?? findPgBouncer();
  if (!binary || !fs.existsSync(binary)) throw new Error(`pgbouncer not found: ${PGBOUNCER_INSTALL_HINT}`);
  const port = opts.listenPort ?? (opts.prefix?.length ? 6432 : await freePortOn(o.listenHost));

  // PgBouncer refuses to run as root: as root it drops to `nobody`, which must read these files.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fluxo-pgbouncer-"));
  fs.chmodSync(dir, 0o755);
  const ini = path.join(dir, "pgbouncer.ini");
  const users = path.join(dir, "users.txt");
  fs.writeFileSync(users, `"${o.dbUser}" ""\n`, { mode: 0o644 });
  const target = `host=${o.dbHost} port=${o.dbPort} user=${o.dbUser}${o.dbName === "*" ? "" : ` dbname=${o.dbName}`}`;
  fs.writeFileSync(
    ini,
    [
      "[databases]",
      `${o.dbName} = ${target}`,
      "[pgbouncer]",
      `listen_addr = ${o.listenHost}`,
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${users}`,
      `admin_users = ${o.dbUser}`,
      `pool_mode = ${o.poolMode}`,
      `default_pool_size = ${o.poolSize}`,
      `max_client_conn = ${o.maxClientConn}`,
      // JDBC and psql send it; node-postgres does not. Any other unknown startup parameter is refused (as in production).
      "ignore_startup_parameters = extra_float_digits",
      "",
    ].join("\n"),
    { mode: 0o644 },
  );

  const args = [...(process.getuid?.() === 0 ? ["-u", "nobody"] : []), ini];
  const [cmd, ...pre] = opts.prefix?.length ? [...opts.prefix, binary] : [binary];
  const child = spawn(cmd!, [...pre, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let logged = "";
  const collect = (b: Buffer) => {
    logged = (logged + b.toString()).slice(-64 * 1024);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });

  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pgbouncer did not listen within ${o.startTimeoutMs} ms:\n${logged}`)),
      o.startTimeoutMs,
    );
    const watch = () => {
      if (/listening on /.test(logged)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr.on("data", watch);
    child.stdout.on("data", watch);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pgbouncer exited (code ${code}) before listening:\n${logged}`));
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  try {
    await listening;
  } catch (err) {
    if (!done) child.kill("SIGKILL");
    await exited;
    cleanup();
    throw err;
  }

  const urlFor = (database: string) =>
    `postgresql://${encodeURIComponent(o.dbUser)}@${hostInUrl(o.listenHost)}:${port}/${encodeURIComponent(database)}`;
  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(o.dbName === "*" ? "postgres" : o.dbName),
    host: o.listenHost,
    port,
    pid: child.pid!,
    urlFor,
    log: () => logged,
    stop: () =>
      (stopping ??= (async () => {
        if (!done) {
          child.kill("SIGTERM");
          const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
          await exited;
          clearTimeout(kill);
        }
        cleanup();
      })()),
  };
}

/** The installed PgBouncer's version ("1.18.0"), or null. */
export function pgBouncerVersion(binary = findPgBouncer()): string | null {
  if (!binary) return null;
  const r = spawnSync(binary, ["--version"], { encoding: "utf8" });
  return /PgBouncer (\S+)/.exec(r.stdout ?? "")?.[1] ?? null;
}
