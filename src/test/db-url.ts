/** The database URL the int project's global setup prepared (migrated, clean at the start of the run). */
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  if (!url)
    throw new Error(
      "databaseUrl was not provided: run integration tests with the int project (src/test/global-setup.ts)",
    );
  return url;
}
