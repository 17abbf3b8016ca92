/**
 * Global setup of the vitest "int" project: one migrated Postgres database for the whole run.
 *
 * - DATABASE_URL set: used as is (migrated, not wiped — it may hold data you care about).
 * - otherwise a clean `fluxo_test` database (see ./test-database.ts).
 * The URL reaches test files through `inject("databaseUrl")` (see ./db-url.ts).
 */
import type { TestProject } from "vitest/node";
import { deployMigrations } from "@/server/migrations";
import { prepareTestDatabase } from "./test-database";
import "./db-url"; // the ProvidedContext declaration

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  if (url) await deployMigrations(url);
  else ({ url, stop } = await prepareTestDatabase("fluxo_test", ".data/pg-test"));
  console.log(`[int] database ready in ${Date.now() - t0} ms`);
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  return stop;
}
