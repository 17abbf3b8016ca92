/**
 * A clean, migrated test database: TEST_DATABASE_URL's server (default the local Postgres at
 * 127.0.0.1:5432) with a database dropped and created anew, or — when that server cannot be
 * reached — an embedded Postgres in `embeddedDir`. Used by the vitest "int" project and by e2e.
 */
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/embedded-postgres";
import { deployMigrations } from "@/server/migrations";

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/fluxo_test";
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN"]);

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

/** Connect to the server's `postgres` database; null when the server is not there at all. */
async function connectAdmin(url: string): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: adminUrl(url), connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => {});
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (UNREACHABLE.has(code) || /timeout/i.test((e as Error).message)) return null;
    throw e;
  }
}

async function recreateDatabase(admin: pg.Client, name: string): Promise<void> {
  const ident = `"${name.replace(/"/g, '""')}"`;
  await admin.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${ident}`);
}

export interface TestDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function prepareTestDatabase(database: string, embeddedDir: string): Promise<TestDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  const base = new URL(process.env.TEST_DATABASE_URL || DEFAULT_URL);
  base.pathname = `/${database}`;
  let url = base.toString();
  let admin = await connectAdmin(url);
  if (!admin) {
    console.log(`[test-db] no Postgres at ${base.host}: starting an embedded one in ${embeddedDir}`);
    embedded = await startEmbeddedPostgres(path.resolve(embeddedDir), { database: "postgres" });
    const u = new URL(embedded.url);
    u.pathname = `/${database}`;
    url = u.toString();
    admin = (await connectAdmin(url))!;
  }
  try {
    await recreateDatabase(admin, database);
  } finally {
    await admin.end();
  }
  await deployMigrations(url);
  return { url, stop: async () => void (await embedded?.stop()) };
}
