/**
 * Liveness and readiness. Ready means: PostgreSQL answers, every migration in prisma/migrations is
 * applied, Redis answers (when configured), and at least one worker beat recently. Each check has
 * a time limit, so a probe never hangs; the answer says which check failed and why (never a secret).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";

export interface Check {
  ok: boolean;
  ms: number;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<"database" | "migrations" | "redis" | "workers", Check & { skipped?: boolean }>;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, rej) =>
      setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

async function timed(fn: () => Promise<string | undefined>): Promise<Check> {
  const t0 = performance.now();
  try {
    const detail = await fn();
    return { ok: true, ms: Math.round(performance.now() - t0), ...(detail ? { detail } : {}) };
  } catch (e) {
    return {
      ok: false,
      ms: Math.round(performance.now() - t0),
      detail: (e as Error).message.replace(/postgres(ql)?:\/\/\S+/g, "(database)"),
    };
  }
}

let localMigrations: Promise<string[]> | undefined;
function migrationsOnDisk(dir = path.resolve(process.cwd(), "prisma/migrations")): Promise<string[]> {
  localMigrations ??= readdir(dir, { withFileTypes: true }).then((es) =>
    es
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort(),
  );
  return localMigrations;
}

export interface ReadinessOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** A worker whose last beat is older than this is not counted. */
  deadAfterMs: number;
  timeoutMs?: number;
}

export async function readiness(o: ReadinessOptions): Promise<Readiness> {
  const timeoutMs = o.timeoutMs ?? 2000;
  const client = new pg.Client({
    connectionString: o.databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    // Timed by the driver, not by a `statement_timeout` startup parameter, which PgBouncer refuses.
    query_timeout: timeoutMs,
  });
  client.on("error", () => {});
  const connected = withTimeout(client.connect(), timeoutMs, "PostgreSQL").then(() => true);
  const database = await timed(async () => {
    await connected;
    await client.query("select 1");
    return undefined;
  });
  const migrations = database.ok
    ? await timed(async () => {
        const local = await migrationsOnDisk();
        const r = await client.query<{ name: string }>(
          "select migration_name as name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
        );
        const applied = new Set(r.rows.map((x) => x.name));
        const pending = local.filter((m) => !applied.has(m));
        if (pending.length) throw new Error(`not applied: ${pending.join(", ")}`);
        return `${local.length} applied`;
      })
    : { ok: false, ms: 0, detail: "database unreachable" };
  const workers = database.ok
    ? await timed(async () => {
        const r = await client.query<{ n: number }>(
          "select count(*)::int as n from workers where stopped_at is null and last_beat_at > now() - make_interval(secs => $1::float / 1000)",
          [o.deadAfterMs],
        );
        const n = r.rows[0]?.n ?? 0;
        if (n === 0) throw new Error("no live worker: runs would wait (start one with `npm run start:worker`)");
        return `${n} live`;
      })
    : { ok: false, ms: 0, detail: "database unreachable" };
  await client.end().catch(() => {});
  let redis: Check & { skipped?: boolean } = { ok: true, ms: 0, skipped: true, detail: "not configured" };
  if (o.redisUrl) {
    const r = new Redis(o.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: timeoutMs,
      retryStrategy: () => null,
    });
    r.on("error", () => {});
    redis = await timed(async () => {
      await withTimeout(r.connect(), timeoutMs, "Redis");
      await withTimeout(r.ping(), timeoutMs, "Redis");
      return undefined;
    });
    r.disconnect();
  }
  const checks = { database, migrations, redis, workers };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
