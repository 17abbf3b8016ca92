/**
 * What PostgreSQL says about the tables every run writes, and about what holds their vacuum back: the
 * only SQL of table health (./table-health.ts reads through it). Every statement reads catalog views
 * only (pg_class, pg_stat_all_tables, pg_stat_activity, pg_prepared_xacts, pg_replication_slots): no
 * lock on the tables, a few milliseconds whatever their size.
 *
 * Visibility: pg_stat_activity shows another role's sessions (their transaction start, their query)
 * only to superusers and members of pg_read_all_stats; grant it to Fluxo's role in production.
 */
import type pg from "pg";
import { pgPool } from "@/server/db";

type Queryable = Pick<pg.ClientBase, "query">;

/**
 * The hot tables, as regclass names: runs and their events, the queue and concurrency slots (`slots`,
 * which replaced `queue_slots` in issue 17) and Graphile Worker 0.17's jobs (graphile_worker._private_jobs).
 */
export const HOT_TABLES = ["runs", "run_events", "slots", "graphile_worker._private_jobs"] as const;
export type HotTable = (typeof HOT_TABLES)[number];

export interface TableStatRow {
  table: HotTable;
  liveTuples: number;
  deadTuples: number;
  lastAutovacuum: Date | null;
  lastAutoanalyze: Date | null;
  lastVacuum: Date | null;
  autovacuumCount: number;
  /** Heap (with TOAST and free-space maps), its indexes, and both (pg_total_relation_size). */
  tableBytes: number;
  indexBytes: number;
  totalBytes: number;
  /** Storage parameters set on the table (fillfactor, autovacuum_*), as PostgreSQL lists them. */
  options: string[];
}

/** One row per hot table that exists (the jobs table appears once Graphile Worker has migrated). */
export async function tableStats(db: Queryable = pgPool()): Promise<TableStatRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select t.name as table,
            coalesce(s.n_live_tup, 0)::float8 as live, coalesce(s.n_dead_tup, 0)::float8 as dead,
            s.last_autovacuum, s.last_autoanalyze, s.last_vacuum,
            coalesce(s.autovacuum_count, 0)::float8 as autovacuums,
            pg_table_size(c.oid)::float8 as table_bytes, pg_indexes_size(c.oid)::float8 as index_bytes,
            pg_total_relation_size(c.oid)::float8 as total_bytes, coalesce(c.reloptions, '{}') as options
       from unnest($1::text[]) with ordinality as t(name, n)
       join pg_class c on c.oid = to_regclass(t.name)
       left join pg_stat_all_tables s on s.relid = c.oid
      order by t.n`,
    [HOT_TABLES],
  );
  return rows.map((r) => ({
    table: r.table as HotTable,
    liveTuples: Number(r.live),
    deadTuples: Number(r.dead),
    lastAutovacuum: (r.last_autovacuum as Date | null) ?? null,
    lastAutoanalyze: (r.last_autoanalyze as Date | null) ?? null,
    lastVacuum: (r.last_vacuum as Date | null) ?? null,
    autovacuumCount: Number(r.autovacuums),
    tableBytes: Number(r.table_bytes),
    indexBytes: Number(r.index_bytes),
    totalBytes: Number(r.total_bytes),
    options: r.options as string[],
  }));
}

/** What pins the xmin horizon: the oldest transaction still open in this database, whatever holds it. */
export interface XminHolder {
  source: "backend" | "prepared" | "replication_slot";
  /** Session id (backend); null for a prepared transaction or a slot. */
  pid: number | null;
  /** Who: role and application (backend), the gid (prepared) or the slot's name. */
  name: string;
  state: string | null;
  /** Seconds since the transaction began (null for a slot: PostgreSQL keeps no time for it). */
  ageSeconds: number | null;
  /** Transactions (XIDs) since the horizon: how far vacuum is held back. */
  xids: number;
}

/** Every open transaction or slot holding an xmin in this database, the oldest first (at most `limit`). */
export async function xminHolders(limit = 5, db: Queryable = pgPool()): Promise<XminHolder[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `(select 'backend' as source, pid, coalesce(usename, '?') || ' ' || coalesce(nullif(application_name, ''), backend_type) as name,
             state, extract(epoch from clock_timestamp() - xact_start)::float8 as age_s,
             greatest(coalesce(age(backend_xmin), 0), coalesce(age(backend_xid), 0))::float8 as xids
        from pg_stat_activity
       where pid <> pg_backend_pid() and datname = current_database()
         and (backend_xmin is not null or backend_xid is not null))
     union all
     (select 'prepared', null, gid, 'prepared', extract(epoch from clock_timestamp() - prepared)::float8,
             age(transaction)::float8
        from pg_prepared_xacts where database = current_database())
     union all
     (select 'replication_slot', null, slot_name, case when active then 'active' else 'inactive' end, null,
             greatest(coalesce(age(xmin), 0), coalesce(age(catalog_xmin), 0))::float8
        from pg_replication_slots
       where (xmin is not null or catalog_xmin is not null) and (database is null or database = current_database()))
     order by xids desc, age_s desc nulls last
     limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    source: r.source as XminHolder["source"],
    pid: r.pid === null ? null : Number(r.pid),
    name: String(r.name),
    state: (r.state as string | null) ?? null,
    ageSeconds: r.age_s === null ? null : Number(r.age_s),
    xids: Number(r.xids),
  }));
}

export interface LongQuery {
  pid: number;
  name: string;
  /** active, idle in transaction, … */
  state: string;
  /** Seconds since the statement began (for "idle in transaction": since the last one began). */
  seconds: number;
  /** Seconds since its transaction began (null outside one). */
  xactSeconds: number | null;
  waitEvent: string | null;
  /** The statement, cut to `maxChars`. */
  query: string;
}

/** Sessions of this database busy (or idle in a transaction) for more than `minSeconds`, the longest first. */
export async function longQueries(
  minSeconds: number,
  limit = 20,
  maxChars = 200,
  db: Queryable = pgPool(),
): Promise<LongQuery[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select pid, coalesce(usename, '?') || ' ' || coalesce(nullif(application_name, ''), backend_type) as name,
            state, extract(epoch from clock_timestamp() - query_start)::float8 as s,
            extract(epoch from clock_timestamp() - xact_start)::float8 as xs,
            nullif(concat_ws(':', wait_event_type, wait_event), '') as wait, left(query, $3) as query
       from pg_stat_activity
      where pid <> pg_backend_pid() and datname = current_database() and backend_type = 'client backend'
        and state is not null and state <> 'idle'
        and query_start < clock_timestamp() - make_interval(secs => $1::float8)
      order by query_start
      limit $2`,
    [minSeconds, limit, maxChars],
  );
  return rows.map((r) => ({
    pid: Number(r.pid),
    name: String(r.name),
    state: String(r.state),
    seconds: Number(r.s),
    xactSeconds: r.xs === null ? null : Number(r.xs),
    waitEvent: (r.wait as string | null) ?? null,
    query: String(r.query ?? ""),
  }));
}

/**
 * The three reads one after another on ONE connection: run side by side, each would see the others'
 * snapshots as open transactions.
 */
export async function healthRows(longQuerySeconds: number) {
  const c = await pgPool().connect();
  try {
    const tables = await tableStats(c);
    const xmin = await xminHolders(5, c);
    const long = await longQueries(longQuerySeconds, 20, 200, c);
    return { tables, xmin, long };
  } finally {
    c.release();
  }
}
