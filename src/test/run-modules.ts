/**
 * Setup shared by the run lifecycle's integration tests (test-only): point the env at the test
 * database, then import the run repositories (after, so they open that database).
 */
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "./db-url";

/** Sets DATABASE_URL to the test database and drops the cached env; call before importing anything that opens the db. */
export function useTestDatabase(): void {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
}

/** The run repositories as one object. */
export type RunRepo = typeof import("@/runs/run.repository") &
  typeof import("@/runs/run-tree.repository") &
  typeof import("@/runs/run-events.repository") &
  typeof import("@/runs/run-query.repository");

/** Imports the run repositories (call after useTestDatabase). */
export async function importRunRepo(): Promise<RunRepo> {
  return {
    ...(await import("@/runs/run.repository")),
    ...(await import("@/runs/run-tree.repository")),
    ...(await import("@/runs/run-events.repository")),
    ...(await import("@/runs/run-query.repository")),
  };
}

/** A run status that is final: succeeded, failed, dead or cancelled. */
export const ended = (s: string) => ["succeeded", "failed", "dead", "cancelled"].includes(s);
