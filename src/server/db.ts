/**
 * The database connections of a process: one `pg` pool on DATABASE_URL (which may be a transaction-mode
 * pooler), shared by the Prisma client (Rust-free, over `@prisma/adapter-pg`, which prepares nothing by
 * name) and by the few hot statements of the run lifecycle that repositories send on the `pg` driver
 * directly, as named prepared statements when DATABASE_URL is PostgreSQL itself (see `sql()` below).
 * Nothing here keeps session state between transactions: what needs a session uses DATABASE_DIRECT_URL.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrlIsPooled, requireDatabaseUrl } from "@/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const g = globalThis as unknown as { __fluxoDb?: PrismaClient; __fluxoPool?: pg.Pool; __fluxoNamed?: boolean };

/** The process's `pg` pool (lazily created, so importing this module never needs a database). */
export function pgPool(): pg.Pool {
  if (!g.__fluxoPool) {
    // application_name names the process in pg_stat_activity (which Fluxo process runs which statement).
    const pool = new pg.Pool({
      connectionString: requireDatabaseUrl(),
      max: 10,
      application_name: `fluxo:${process.pid}`,
    });
    // An idle connection that breaks (PostgreSQL restarted) is dropped by the pool; the next query reconnects.
    pool.on("error", () => {});
    g.__fluxoPool = pool;
    g.__fluxoNamed = !databaseUrlIsPooled();
  }
  return g.__fluxoPool;
}

/** Lazily created so importing this module never needs a database (e.g. at build time). */
export function db(): PrismaClient {
  g.__fluxoDb ??= new PrismaClient({ adapter: new PrismaPg(pgPool()) });
  return g.__fluxoDb;
}

/**
 * A hot statement on the `pg` driver: prepared once per connection under `name` (PostgreSQL parses and
 * plans it once, and only the parameters cross the wire afterwards). For the few statements every run
 * makes; everything else goes through Prisma. Behind a transaction-mode pooler (a distinct
 * DATABASE_DIRECT_URL is set) it is sent unnamed: a statement prepared on one server connection is
 * unknown on the next one the pooler hands out (PgBouncer < 1.21 does not track them).
 */
export async function sql<R>(name: string, text: string, values: unknown[]): Promise<R[]> {
  const pool = pgPool();
  const r = await pool.query<R & pg.QueryResultRow>(g.__fluxoNamed ? { name, text, values } : { text, values });
  return r.rows;
}

export async function closeDb(): Promise<void> {
  const c = g.__fluxoDb;
  const p = g.__fluxoPool;
  g.__fluxoDb = undefined;
  g.__fluxoPool = undefined;
  g.__fluxoNamed = undefined;
  await c?.$disconnect();
  await p?.end().catch(() => {});
}
