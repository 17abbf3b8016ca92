/**
 * Storage settings of Graphile Worker's jobs table (issue 22). Graphile creates the table in its own
 * migrations, which run after Prisma's (./commands.ts), so on a fresh database the Prisma migration
 * 20261207110000_hot_table_storage cannot set them; deployMigrations applies them here once Graphile has
 * migrated, and the worker again after its start (a Graphile upgrade that recreated the table would
 * otherwise lose them). Idempotent and cheap: one catalog read, and the ALTER only when something differs
 * (SHARE UPDATE EXCLUSIVE: reads and writes of the jobs go on). Keep in step with the migration's DO block.
 */
import type pg from "pg";

export const JOBS_TABLE = "graphile_worker._private_jobs";

/** Why each value: prisma/migrations/20261207110000_hot_table_storage/migration.sql. */
export const JOBS_TABLE_STORAGE: Readonly<Record<string, string>> = {
  autovacuum_vacuum_scale_factor: "0.01",
  autovacuum_vacuum_threshold: "500",
  autovacuum_analyze_scale_factor: "0.02",
  autovacuum_analyze_threshold: "500",
  autovacuum_vacuum_cost_limit: "1000",
};

type Queryable = Pick<pg.ClientBase, "query">;

/** The table's storage parameters as PostgreSQL lists them (null: the table does not exist). */
export async function jobsTableOptions(db: Queryable): Promise<Record<string, string> | null> {
  const { rows } = await db.query<{ options: string[] | null }>(
    `select c.reloptions as options from pg_class c where c.oid = to_regclass($1)`,
    [JOBS_TABLE],
  );
  if (!rows[0]) return null;
  return Object.fromEntries((rows[0].options ?? []).map((o) => o.split("=", 2) as [string, string]));
}

/** Set JOBS_TABLE_STORAGE on the jobs table when it exists and differs; returns whether it changed anything. */
export async function applyJobsTableStorage(db: Queryable): Promise<"applied" | "unchanged" | "no table"> {
  const have = await jobsTableOptions(db);
  if (!have) return "no table";
  if (Object.entries(JOBS_TABLE_STORAGE).every(([k, v]) => have[k] === v)) return "unchanged";
  const set = Object.entries(JOBS_TABLE_STORAGE)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  await db.query(`alter table ${JOBS_TABLE} set (${set})`);
  return "applied";
}
