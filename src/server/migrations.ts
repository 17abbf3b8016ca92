/**
 * Database migrations without the native Prisma schema engine (it cannot be downloaded here):
 * Prisma's WebAssembly schema engine driven through `@prisma/adapter-pg`, in Prisma's standard
 * layout (prisma/migrations/<timestamp>_<name>/migration.sql, migration_lock.toml, the
 * `_prisma_migrations` table with sha256 checksums), so `prisma migrate deploy` with the native CLI
 * keeps working on the same folder. See shared/design/PRISMA-OFFLINE.md.
 *
 * Two defects of @prisma/adapter-pg 7.10 are worked around in `MigrateAdapterFactory`
 * (src/server/migrations/adapter.ts): the one-byte `"char"` type (OID 18) is reported as text, and
 * shadow databases are created, used and dropped by us (the adapter drops them before closing its
 * pool, and with a connection string the URL's database wins over the shadow name). Its
 * `executeScript` splits on ";" (breaking dollar-quoted bodies) and runs statements on any pooled
 * connection; here a script is sent as one simple query, which Postgres runs as one implicit
 * transaction, as the native engine does.
 *
 * Every pool is ended when an operation finishes (the engine leaves idle pg-pool clients with a 10 s
 * idle timer otherwise), so a process that only migrated exits at once.
 *
 * This is the public entry; the parts live in src/server/migrations/:
 *   engine.ts   — loading the WebAssembly engine, its panic hook and timers; `withEngine`
 *   adapter.ts  — the pg driver adapter with the defects fixed; the shadow-database factory
 *   layout.ts   — reading prisma/migrations (paths, lockfile, folder timestamps)
 *   commands.ts — deployMigrations, migrationStatus, createMigration, diffSchema
 *   types.ts    — the option and result types
 */
export { createMigration, deployMigrations, diffSchema, migrationStatus } from "./migrations/commands";
export type { DeployOptions, MigrateOptions, MigrationStatus } from "./migrations/types";
