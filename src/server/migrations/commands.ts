/** The migration commands: deploy, status, create and diff (public through src/server/migrations.ts). */
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { call, withEngine } from "./engine";
import { LOCKFILE, LOCKFILE_CONTENT, nextStamp, paths, readMigrationsList, schemaFiles } from "./layout";
import type { DeployOptions, MigrateOptions, MigrationStatus } from "./types";
import { applyJobsTableStorage } from "./jobs-storage";

/** Session advisory lock held around deploy ("FLUXMIG"); distinct from Prisma's own 72707369. */
const LOCK_KEY = "19787390624352583";
const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };

// ---------------------------------------------------------------- deploy

async function appliedInDatabase(client: pg.ClientBase): Promise<{ applied: Set<string>; failed: string[] } | null> {
  const { rows: t } = await client.query(`select to_regclass('public._prisma_migrations') as t`);
  if (!t[0]?.t) return null;
  const { rows } = await client.query<{
    migration_name: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>(`select migration_name, finished_at, rolled_back_at from _prisma_migrations`);
  const applied = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  return { applied, failed };
}

async function graphileMigrate(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const { runMigrations, Logger } = await import("graphile-worker");
  const logger = new Logger(() => (level: string, message: string) => {
    if (level === "error" || level === "warning") log(`graphile-worker ${level}: ${message}`);
    else if (level === "info") log(`graphile-worker: ${message}`);
  });
  // With a connection string Graphile Worker owns its pool and ends it before resolving.
  await runMigrations({ connectionString: databaseUrl, logger });
}

/**
 * Apply pending Prisma migrations, then Graphile Worker's schema migrations, under a session advisory
 * lock (concurrent callers wait; the second finds nothing pending). Returns the Prisma migrations applied.
 */
export async function deployMigrations(databaseUrl: string, opts: DeployOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const { migrationsDir } = paths(opts);
  const lockClient = new pg.Client({ connectionString: databaseUrl });
  lockClient.on("error", () => {});
  await lockClient.connect();
  try {
    const deadline = Date.now() + (opts.lockTimeoutMs ?? 120_000);
    let waiting = false;
    for (;;) {
      const { rows } = await lockClient.query(`select pg_try_advisory_lock($1::bigint) as ok`, [LOCK_KEY]);
      if (rows[0]?.ok) break;
      if (!waiting) log("waiting for another process to finish migrating…");
      waiting = true;
      if (Date.now() > deadline) throw new Error("timed out waiting for the migration lock");
      await new Promise((r) => setTimeout(r, 250));
    }
    const list = await readMigrationsList(migrationsDir);
    const local = list.migrationDirectories.map((d) => d.path);
    const state = await appliedInDatabase(lockClient);
    let applied: string[] = [];
    const pending = local.filter((n) => !state?.applied.has(n));
    if (pending.length > 0 || (state?.failed.length ?? 0) > 0) {
      log(`applying ${pending.length} migration(s): ${pending.join(", ")}`);
      applied = await withEngine(databaseUrl, opts, async (engine) => {
        const out = await call<{ appliedMigrationNames: string[] }>(engine, "applyMigrations", {
          migrationsList: list,
          filters: FILTERS,
        });
        return out.appliedMigrationNames;
      });
      for (const name of applied) log(`applied ${name}`);
    }
    if (opts.graphile !== false) {
      await graphileMigrate(databaseUrl, log);
      // Graphile's jobs table exists only now: its storage settings (the Prisma migration could not set them).
      if ((await applyJobsTableStorage(lockClient)) === "applied")
        log("set the storage settings of Graphile's jobs table");
    }
    return { applied };
  } finally {
    await lockClient.query(`select pg_advisory_unlock($1::bigint)`, [LOCK_KEY]).catch(() => {});
    await lockClient.end().catch(() => {});
  }
}

// ---------------------------------------------------------------- status, create, diff

export async function migrationStatus(databaseUrl: string, opts: MigrateOptions = {}): Promise<MigrationStatus> {
  const { migrationsDir } = paths(opts);
  const list = await readMigrationsList(migrationsDir);
  const local = list.migrationDirectories.map((d) => d.path);
  const diag = await withEngine(databaseUrl, opts, (engine) =>
    call<{
      editedMigrationNames: string[];
      failedMigrationNames: string[];
      hasMigrationsTable: boolean;
      history: null | { diagnostic: string; unappliedMigrationNames?: string[]; unpersistedMigrationNames?: string[] };
    }>(engine, "diagnoseMigrationHistory", { migrationsList: list, optInToShadowDatabase: false, filters: FILTERS }),
  );
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  await client.connect();
  const state = await appliedInDatabase(client).finally(() => client.end().catch(() => {}));
  const pending = diag.history?.unappliedMigrationNames ?? [];
  const missingLocally = diag.history?.unpersistedMigrationNames ?? [];
  const upToDate = diag.history === null && diag.failedMigrationNames.length === 0;
  const parts: string[] = [
    `${local.length} migration(s) found in ${path.relative(process.cwd(), migrationsDir) || "."}`,
  ];
  if (upToDate) parts.push("database schema is up to date");
  if (pending.length) parts.push(`not yet applied: ${pending.join(", ")}`);
  if (diag.failedMigrationNames.length) parts.push(`FAILED: ${diag.failedMigrationNames.join(", ")}`);
  if (missingLocally.length) parts.push(`applied but missing locally: ${missingLocally.join(", ")}`);
  if (diag.editedMigrationNames.length)
    parts.push(`edited after being applied: ${diag.editedMigrationNames.join(", ")}`);
  return {
    upToDate,
    hasMigrationsTable: diag.hasMigrationsTable,
    local,
    applied: local.filter((n) => state?.applied.has(n)),
    pending,
    failed: diag.failedMigrationNames,
    edited: diag.editedMigrationNames,
    missingLocally,
    summary: parts.join("; "),
  };
}

/**
 * Generate a migration from the difference between the migrations folder (replayed on a temporary
 * shadow database on the server of `databaseUrl`) and prisma/schema.prisma, like
 * `prisma migrate dev --create-only`. Writes <migrationsDir>/<UTC timestamp>_<name>/migration.sql
 * (and migration_lock.toml when missing). The database itself is neither read nor changed, so this
 * works whatever state the development database is in. Returns null when there is nothing to create.
 *
 * (The engine's own `createMigration` needs `devDiagnostic` to have replayed the history on a shadow
 * database first, and skips that replay when the database has unapplied migrations, failing with
 * "shadow DB must be provided through an external factory"; its SQL is the same `diff` rendering.)
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  opts: MigrateOptions & { draft?: boolean } = {},
): Promise<{ name: string; path: string; sql: string } | null> {
  if (!/^[A-Za-z0-9_-]{1,180}$/.test(name)) throw new Error("migration name: use letters, digits, _ and - only");
  const { migrationsDir } = paths(opts);
  const { drift, sql } = await diffSchema(databaseUrl, opts);
  const existing = (await readMigrationsList(migrationsDir)).migrationDirectories.map((d) => d.path);
  const stamp = nextStamp(existing.at(-1));
  if (!drift && !opts.draft) return null;
  const dirName = `${stamp}_${name}`;
  const dir = path.join(migrationsDir, dirName);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, "migration.sql");
  await fs.writeFile(file, sql, { flag: "wx" });
  const lockPath = path.join(migrationsDir, LOCKFILE);
  if (!(await fs.stat(lockPath).catch(() => null))) await fs.writeFile(lockPath, LOCKFILE_CONTENT);
  return { name: dirName, path: file, sql };
}

/** Drift check: does replaying the migrations folder give what prisma/schema.prisma describes? */
export async function diffSchema(
  databaseUrl: string,
  opts: MigrateOptions = {},
): Promise<{ drift: boolean; sql: string }> {
  const { migrationsDir, schemaPath } = paths(opts);
  const list = await readMigrationsList(migrationsDir);
  // The engine takes the connector from the lockfile; a folder without migrations has none yet.
  list.lockfile.content ??= LOCKFILE_CONTENT;
  const files = await schemaFiles(schemaPath);
  const out = await withEngine(databaseUrl, opts, (engine) =>
    call<{ exitCode: number; stdout: string | null }>(engine, "diff", {
      from: { tag: "migrations", ...list },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: FILTERS,
    }),
  );
  return { drift: out.exitCode === 2, sql: out.stdout ?? "" };
}
