/**
 * Migrations without the native Prisma engine (see src/server/migrations.ts).
 *
 *   tsx scripts/migrate.ts deploy          apply pending Prisma + Graphile Worker migrations
 *   tsx scripts/migrate.ts status          exit 1 when the database is not up to date
 *   tsx scripts/migrate.ts create <name>   write prisma/migrations/<timestamp>_<name>/migration.sql
 *   tsx scripts/migrate.ts diff            drift check (migrations vs schema.prisma): exit 2 on drift
 *
 * Uses DATABASE_DIRECT_URL when set (deploy holds a session advisory lock: not through a
 * transaction-mode pooler), else DATABASE_URL; create and diff need CREATE DATABASE (temporary
 * shadow database) unless SHADOW_DATABASE_URL names a scratch database (it is wiped).
 */
import { env } from "@/env";
import { createMigration, deployMigrations, diffSchema, migrationStatus } from "@/server/migrations";
import { redactUrl } from "../src/server/logger";

const USAGE = "usage: tsx scripts/migrate.ts deploy | status | create <name> [--draft] | diff";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "-h" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 64;
  }
  const url = env().DATABASE_DIRECT_URL ?? env().DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set");
    return 64;
  }
  const log = (line: string) => console.error(line);
  console.error(`database: ${redactUrl(url)}`);
  switch (command) {
    case "deploy": {
      const t0 = Date.now();
      const { applied } = await deployMigrations(url, { log });
      console.log(
        applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "no pending migrations",
      );
      console.error(`done in ${Date.now() - t0} ms`);
      return 0;
    }
    case "status": {
      const s = await migrationStatus(url);
      console.log(s.summary);
      return s.upToDate ? 0 : 1;
    }
    case "create": {
      const name = rest.find((a) => !a.startsWith("--"));
      if (!name) {
        console.error(USAGE);
        return 64;
      }
      const created = await createMigration(url, name, { log, draft: rest.includes("--draft") });
      console.log(
        created
          ? `created ${created.path}`
          : "schema.prisma matches the migrations: nothing to create (--draft for an empty one)",
      );
      return 0;
    }
    case "diff": {
      const { drift, sql } = await diffSchema(url);
      if (drift) {
        console.log(sql);
        console.error(
          "drift: prisma/schema.prisma differs from prisma/migrations (run: tsx scripts/migrate.ts create <name>)",
        );
        return 2;
      }
      console.log("no drift: prisma/migrations matches prisma/schema.prisma");
      return 0;
    }
    default:
      console.error(USAGE);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`migrate: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
