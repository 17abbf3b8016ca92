/**
 * The cluster a scenario runs on: the network (net.ts), the services (services.ts) and Fluxo's nodes
 * (nodes.ts), brought up in order and torn down in reverse — and, whatever happens, by `teardown()`.
 *
 *   data   10.77.0.2  PostgreSQL :5432 (+ PgBouncer :6432 with --pgbouncer)
 *   cache  10.77.0.3  Redis :6379
 *   lb     10.77.0.4  HAProxy :80 → every web node :3000
 *   webN   10.77.0.1N Fluxo web node (edge + Next.js)
 *   wN     10.77.0.2N Fluxo worker host
 * The harness itself (and every simulated client) is on the bridge at 10.77.0.1.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { deployMigrations } from "@/server/migrations";
import { makeAccountToken } from "../lib/instance";
import { makeBridge, makeHost, type Host } from "./net";
import { FluxoNode } from "./nodes";
import type { PgBouncer } from "../lib/pgbouncer";
import { has, startHaproxy, startPgBouncerOn, startPostgres, startRedis, waitPort, type Postgres } from "./services";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const LOGS = path.join(ROOT, ".data/cluster/logs");
const PG_DIR = "/var/tmp/fluxo-cluster/pg";
const DATABASE = "fluxo_cluster";
export const HEARTBEAT_MS = 1000;
export const DEAD_AFTER_MS = 5000;

export interface ClusterOptions {
  web: number;
  workers: number;
  /** Start PgBouncer (transaction pooling) on the data host. */
  pgbouncer: boolean;
  /** Nodes reach PostgreSQL through PgBouncer from the start (else directly; a scenario may switch). */
  pooled: boolean;
  log: (line: string) => void;
}

export class Cluster {
  readonly hosts: { data: Host; cache: Host; lb: Host; web: Host[]; workers: Host[] };
  readonly web: FluxoNode[] = [];
  readonly workers: FluxoNode[] = [];
  db!: pg.Pool;
  postgres!: Postgres;
  redis?: ChildProcess;
  haproxy?: ChildProcess;
  bouncer?: PgBouncer;
  tokens: string[] = [];
  readonly lbUrl: string;
  private readonly env: Record<string, string>;

  constructor(readonly o: ClusterOptions) {
    makeBridge();
    this.hosts = {
      data: makeHost("data", 2),
      cache: makeHost("cache", 3),
      lb: makeHost("lb", 4),
      web: Array.from({ length: o.web }, (_, i) => makeHost(`web${i + 1}`, 11 + i)),
      workers: Array.from({ length: o.workers }, (_, i) => makeHost(`w${i + 1}`, 21 + i)),
    };
    this.lbUrl = `http://${this.hosts.lb.ip}`;
    this.env = {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: "3000",
      HOST: "0.0.0.0",
      FLUXO_URL: this.lbUrl,
      TRUST_PROXY: "true",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      RATE_LIMIT_SUBMIT_PER_MIN: "100000",
      RATE_LIMIT_SIGNIN_PER_MIN: "10000",
      WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS),
      WORKER_DEAD_AFTER_MS: String(DEAD_AFTER_MS),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    };
  }

  /** Where each part is, one line each. */
  describe(): string[] {
    const h = this.hosts;
    return [
      `data   ${h.data.ip}  PostgreSQL :5432${this.bouncer ? ", PgBouncer :6432 (transaction pooling)" : ""}`,
      `cache  ${h.cache.ip}  ${this.redis ? "Redis :6379" : "(no redis-server: Fluxo runs on LISTEN/NOTIFY)"}`,
      `lb     ${h.lb.ip}  HAProxy :80 → ${h.web.map((w) => `${w.name} ${w.ip}:3000`).join(", ")}`,
      ...h.web.map((w) => `${w.name.padEnd(6)} ${w.ip} Fluxo web node (edge :3000, Next.js on its loopback)`),
      ...h.workers.map((w) => `${w.name.padEnd(6)} ${w.ip} Fluxo worker host`),
      `you    10.77.0.1  (this shell's side of the bridge): open ${this.lbUrl}`,
    ];
  }

  databaseUrl(direct = !this.o.pooled): string {
    return this.bouncer && !direct
      ? `postgresql://postgres@${this.hosts.data.ip}:6432/${DATABASE}`
      : this.postgres.url(DATABASE);
  }

  nodeEnv(): Record<string, string> {
    return {
      ...this.env,
      DATABASE_URL: this.databaseUrl(),
      ...(this.bouncer && this.o.pooled ? { DATABASE_DIRECT_URL: this.databaseUrl(true) } : {}),
      ...(this.redis ? { REDIS_URL: `redis://${this.hosts.cache.ip}:6379` } : {}),
    };
  }

  async up(): Promise<void> {
    const log = this.o.log;
    fs.mkdirSync(LOGS, { recursive: true });
    this.postgres = await startPostgres(this.hosts.data, PG_DIR, path.join(LOGS, "postgres.log"));
    const admin = this.postgres.admin();
    await admin.connect();
    await admin.query(`create database ${DATABASE}`);
    // the harness's own queries run as another role, so PostgreSQL's cost figures count Fluxo's alone
    await admin.query("create role harness superuser login");
    await admin.end();
    await deployMigrations(this.postgres.url(DATABASE), { log: () => {} });
    this.db = new pg.Pool({ connectionString: this.postgres.url(DATABASE).replace("postgres@", "harness@"), max: 8 });
    this.db.on("error", () => {});
    await this.db.query("create extension if not exists pg_stat_statements");
    log(`PostgreSQL up on ${this.hosts.data.ip}:5432 (database ${DATABASE}, migrated)`);
    if (has("redis-server")) {
      this.redis = startRedis(this.hosts.cache, path.join(LOGS, "redis.log"));
      await waitPort(this.hosts.cache.ip, 6379, 10_000, "Redis", this.redis);
    }
    if (this.o.pgbouncer) this.bouncer = await startPgBouncerOn(this.hosts.data);
    log("building the server bundles (dist/)");
    execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: ROOT, stdio: "ignore" });
    const env = this.nodeEnv();
    this.web.push(...this.hosts.web.map((h) => new FluxoNode(h, "web", { ...env }, path.join(LOGS, `${h.name}.log`))));
    this.workers.push(
      ...this.hosts.workers.map((h) => new FluxoNode(h, "worker", { ...env }, path.join(LOGS, `${h.name}.log`))),
    );
    // the first web node builds the Next app when it is missing or stale; the others reuse that build
    await this.web[0]!.start({ build: true, timeoutMs: 900_000 });
    await Promise.all([...this.web.slice(1), ...this.workers].map((n) => n.start()));
    this.haproxy = await startHaproxy(
      this.hosts.lb,
      this.hosts.web.map((h) => ({ name: h.name, addr: `${h.ip}:3000` })),
      "/var/tmp/fluxo-cluster/haproxy",
      path.join(LOGS, "haproxy.log"),
    );
    await this.waitLb();
    for (let i = 0; i < 3; i++) this.tokens.push(await makeAccountToken(this.lbUrl, `cluster${i}`));
  }

  /** Until the load balancer answers through every web node (its health checks have passed). */
  async waitLb(ms = 30_000): Promise<void> {
    const seen = new Set<string>();
    for (const until = Date.now() + ms; Date.now() < until;) {
      const r = await fetch(`${this.lbUrl}/api/health/live`).catch(() => null);
      const via = r?.headers.get("x-fluxo-web");
      if (r?.ok && via) seen.add(via);
      if (seen.size === this.web.length) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`the load balancer did not reach every web node within ${ms / 1000} s (saw ${[...seen]})`);
  }

  /** Restart every Fluxo node with `patch` applied to its environment (e.g. behind PgBouncer). */
  async restartNodes(patch: Record<string, string | undefined>): Promise<void> {
    await Promise.all([...this.web, ...this.workers].map((n) => n.stop()));
    await Promise.all([...this.web, ...this.workers].map((n) => n.start({ patch })));
    await this.waitLb();
  }

  /** The worker host a worker id (from `runs.worker_id`) belongs to: its hostname is the host's name. */
  hostOfWorker(workerId: string | null): string | undefined {
    return workerId?.split(":")[0];
  }

  async down(): Promise<void> {
    await Promise.all([...this.web, ...this.workers].map((n) => n.stop().catch(() => {})));
    await this.db?.end().catch(() => {});
    this.haproxy?.kill("SIGTERM");
    await this.bouncer?.stop();
    this.redis?.kill("SIGTERM");
    await this.postgres?.stop();
  }
}
