/**
 * Global setup of the vitest "int" project: one migrated Postgres database for the whole run.
 *
 * - DATABASE_URL set: used as is (migrated, not wiped — it may hold data you care about).
 * - otherwise TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/fluxo_test: the database
 *   is dropped and created again for a clean run. When that server cannot be reached, an embedded
 *   Postgres in .data/pg-test is started instead (and stopped at teardown).
 * The URL reaches test files through `inject("databaseUrl")` (see ./db-url.ts).
 */
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/embedded-postgres";
import { deployMigrations } from "@/server/migrations";
import "./db-url"; // the ProvidedContext declaration

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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPostgres | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
    let admin = await connectAdmin(url);
    if (!admin) {
      const where = new URL(url).host;
      console.log(`[int] no Postgres at ${where}: starting an embedded one in .data/pg-test`);
      embedded = await startEmbeddedPostgres(path.resolve(".data/pg-test"), { database: "postgres" });
      const u = new URL(embedded.url);
      u.pathname = "/fluxo_test";
      url = u.toString();
      admin = (await connectAdmin(url))!;
    }
    try {
      await recreateDatabase(admin, decodeURIComponent(new URL(url).pathname.slice(1)));
    } finally {
      await admin.end();
    }
  }
  const t0 = Date.now();
  await deployMigrations(url);
  console.log(`[int] database ready (migrated in ${Date.now() - t0} ms)`);
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  return async () => {
    await embedded?.stop();
  };
}
