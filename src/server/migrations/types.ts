/** Options and results of the migration commands (re-exported by src/server/migrations.ts). */

export interface MigrateOptions {
  /** Default: <repo>/prisma/migrations. */
  migrationsDir?: string;
  /** Default: <repo>/prisma/schema.prisma. */
  schemaPath?: string;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
  /** Dedicated shadow database (wiped before use). Default: env SHADOW_DATABASE_URL, else a temporary database. */
  shadowDatabaseUrl?: string;
}
export interface DeployOptions extends MigrateOptions {
  /** Also run Graphile Worker's schema migrations (default true). */
  graphile?: boolean;
  /** Give up waiting for another process's deploy after this long (default 120 s). */
  lockTimeoutMs?: number;
}
export interface MigrationStatus {
  upToDate: boolean;
  hasMigrationsTable: boolean;
  local: string[];
  applied: string[];
  pending: string[];
  failed: string[];
  edited: string[];
  /** Applied in the database but missing from the folder. */
  missingLocally: string[];
  summary: string;
}
