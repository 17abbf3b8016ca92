/**
 * `npm run restore`: a Fluxo backup (format.ts) into a database.
 *
 * 1. The whole file is read and checked first (magic, structure, row counts, checksum): a file that
 *    is not an intact Fluxo backup is refused before anything is written.
 * 2. A backup holding a migration this code does not know (a newer Fluxo) is refused, naming it.
 * 3. The target must be empty of data (users, runs, projects, portfolios, assets…) unless `force`, and
 *    no other session may be connected to it (a running Fluxo would write into it meanwhile).
 * 4. Leftover schema (an empty database a Fluxo start already migrated, or `force`) is dropped; the
 *    backup's own migrations are applied (so the schema is the one the data was taken from), the rows
 *    loaded with COPY … FROM STDIN in one transaction (foreign keys checked, the tables' own triggers off),
 *    sequences set; then the code's newer migrations, if any, run on the restored data; then ANALYZE.
 * Graphile Worker's schema comes from its own migrate; its `migrations` table is not overwritten.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { deployMigrations } from "@/server/migrations";
import { describeDatabase, SCHEMAS } from "./dump";
import { qualifiedName, quoteIdent, readBackup, tableSql } from "./format";
import type { BackupHeader, BackupTable, BackupTrailer, TableSink } from "./format";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** Tables whose rows are people's data: any of them non-empty makes a database "not empty". */
export const DATA_TABLES = ["users", "runs", "projects", "portfolios", "assets", "eto_locations", "webhooks"];
/** Kept as the target's own migrate wrote it. */
const KEEP = new Set(["graphile_worker.migrations"]);

/** Restore refused: the target or the file does not allow it (nothing was written). */
export class RestoreRefusedError extends Error {}

export interface RestoreOptions {
  force?: boolean;
  log?: (line: string) => void;
  /** Default <repo>/prisma/migrations. */
  migrationsDir?: string;
}
export interface RestoreSummary {
  database: string;
  tables: { name: string; rows: number }[];
  rows: number;
  /** The code's migrations newer than the backup, applied after the load. */
  upgraded: string[];
  ms: number;
}

/** The highest Graphile Worker migration this code's graphile-worker installs (its sql/NNNNNN.sql files). */
function graphileMigrationsKnown(): number {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve("graphile-worker/package.json")), "sql");
  return Math.max(0, ...fs.readdirSync(dir).map((f) => Number(/^(\d+)\.sql$/.exec(f)?.[1] ?? 0)));
}

function localMigrations(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

async function nonEmptyTables(client: pg.Client): Promise<string[]> {
  const found: string[] = [];
  for (const t of DATA_TABLES) {
    const { rows } = await client.query<{ r: string | null }>(`select to_regclass($1)::text as r`, [`public.${t}`]);
    if (!rows[0]?.r) continue;
    const { rowCount } = await client.query(`select 1 from public.${quoteIdent(t)} limit 1`);
    if (rowCount) found.push(t);
  }
  return found;
}

/** Tables in `public` of a database that is not Fluxo's (no _prisma_migrations): a wrong DATABASE_URL, say. */
async function foreignTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    `select c.relname::text as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and to_regclass('public._prisma_migrations') is null order by 1 limit 5`,
  );
  return rows.map((r) => r.t);
}

async function otherSessions(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows[0]!.n;
}

/** Drops Fluxo's and Graphile's schema objects (the caller made sure there is no data to lose). */
async function clearSchema(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'S')`,
    [SCHEMAS],
  );
  if (!rows[0]!.n) return;
  await client.query("begin");
  await client.query("drop schema if exists graphile_worker cascade");
  await client.query("drop schema public cascade");
  await client.query("create schema public");
  await client.query("savepoint owner");
  try {
    await client.query("alter schema public owner to pg_database_owner"); // PostgreSQL ≥ 15's default
  } catch {
    await client.query("rollback to savepoint owner");
  }
  await client.query("grant usage on schema public to public");
  await client.query("commit");
}

/** Applies exactly the backup's migrations, from a temporary copy of those folders. */
async function migrateTo(url: string, names: string[], dir: string, log: (l: string) => void): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fluxo-restore-"));
  try {
    fs.copyFileSync(path.join(dir, "migration_lock.toml"), path.join(tmp, "migration_lock.toml"));
    for (const n of names) fs.cpSync(path.join(dir, n), path.join(tmp, n), { recursive: true });
    await deployMigrations(url, { migrationsDir: tmp, log });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function copySink(client: pg.Client, t: BackupTable): TableSink {
  const cols = t.columns.map(quoteIdent).join(", ");
  const stream = client.query(copyFrom(`COPY ${tableSql(t)} (${cols}) FROM STDIN`));
  let failed: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", () => resolve());
    stream.on("error", (e) => {
      failed = e;
      reject(e);
    });
  });
  done.catch(() => {});
  return {
    async write(buf) {
      if (failed) throw failed;
      if (!stream.write(buf)) await Promise.race([new Promise((r) => stream.once("drain", r)), done]);
    },
    async end() {
      stream.end();
      await done;
    },
  };
}

async function load(client: pg.Client, file: string, header: BackupHeader, trailer: BackupTrailer): Promise<void> {
  const tables = header.tables.filter((t) => !KEEP.has(qualifiedName(t)));
  for (const t of tables) {
    const { rows } = await client.query<{ a: string }>(
      `select attname::text as a from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped`,
      [tableSql(t)],
    );
    const have = new Set(rows.map((r) => r.a));
    const missing = t.columns.filter((c) => !have.has(c));
    if (!rows.length || missing.length)
      throw new Error(`the restored schema has no ${qualifiedName(t)}${missing.length ? `.${missing[0]}` : ""}`);
  }
  await client.query("begin");
  await client.query(`truncate ${tables.map(tableSql).join(", ")}`);
  for (const t of tables) await client.query(`alter table ${tableSql(t)} disable trigger user`);
  const discard: TableSink = { write: async () => {}, end: async () => {} };
  await readBackup(file, async (t) => (KEEP.has(qualifiedName(t)) ? discard : copySink(client, t)));
  for (const t of tables) await client.query(`alter table ${tableSql(t)} enable trigger user`);
  for (const s of trailer.sequences)
    await client.query(`select setval($1::regclass, $2::bigint, $3)`, [tableSql(s), s.lastValue, s.isCalled]);
  await client.query("commit");
}

export async function restoreDatabase(url: string, file: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const dir = opts.migrationsDir ?? path.join(ROOT, "prisma/migrations");
  const database = describeDatabase(url);
  const { header, trailer } = await readBackup(file);
  const local = localMigrations(dir);
  const unknown = header.migrations.find((m) => !local.includes(m));
  if (unknown)
    throw new RestoreRefusedError(
      `the backup comes from a newer Fluxo: migration ${unknown} is unknown to this code (upgrade Fluxo, then restore)`,
    );
  const graphile = Math.max(0, ...header.graphileMigrations);
  if (graphile > graphileMigrationsKnown())
    throw new RestoreRefusedError(
      `the backup comes from a newer Graphile Worker: its migration ${graphile} is unknown to this code's (up to ${graphileMigrationsKnown()})`,
    );
  const client = new pg.Client({ connectionString: url, application_name: "fluxo-restore" });
  client.on("error", () => {});
  await client.connect();
  try {
    const full = await nonEmptyTables(client);
    if (full.length && !opts.force)
      throw new RestoreRefusedError(
        `database ${database} is not empty (${full.join(", ")} hold rows); restoring replaces everything in it: add --force`,
      );
    const foreign = await foreignTables(client);
    if (foreign.length && !opts.force)
      throw new RestoreRefusedError(
        `database ${database} holds tables that are not Fluxo's (${foreign.join(", ")}); restoring replaces everything in it: add --force`,
      );
    const others = await otherSessions(client);
    if (others)
      throw new RestoreRefusedError(
        `database ${database} has ${others} other open connection(s): stop Fluxo (web and workers) before restoring`,
      );
    log(`restoring into ${database}: ${header.migrations.length} migrations, ${header.tables.length} tables`);
    await clearSchema(client);
    await migrateTo(url, header.migrations, dir, log);
    await load(client, file, header, trailer);
    const pending = local.filter((m) => !header.migrations.includes(m));
    const upgraded = pending.length ? (await deployMigrations(url, { log })).applied : [];
    await client.query("analyze");
    const tables = header.tables.map((t) => ({ name: qualifiedName(t), rows: trailer.rows[qualifiedName(t)] ?? 0 }));
    return { database, tables, rows: tables.reduce((s, t) => s + t.rows, 0), upgraded, ms: Date.now() - t0 };
  } catch (e) {
    await client.query("rollback").catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}
