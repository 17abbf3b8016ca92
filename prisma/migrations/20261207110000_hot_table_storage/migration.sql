-- issue 22: storage settings of the tables every run writes, so autovacuum keeps up with a job queue's
-- churn instead of letting dead rows pile up (the autovacuum "death spiral" River, Solid Queue and que
-- document). Storage parameters only: no rewrite, and ALTER TABLE … SET (…) takes a SHARE UPDATE
-- EXCLUSIVE lock, which does not block reads or writes. fillfactor applies to pages filled from now on
-- (existing pages keep theirs until VACUUM FULL or pg_repack rewrites the table).
--
-- PostgreSQL's defaults are sized for tables that mostly grow: autovacuum runs once 20 % of the rows are
-- dead (autovacuum_vacuum_scale_factor 0.2) and analyzes after 10 % changed. On a 1-million-row `runs`
-- that is 200,000 dead row versions before the first clean-up, each of them scanned by every query
-- meanwhile. Scale factors of a few percent make autovacuum visit early and often, each visit short.
-- autovacuum_vacuum_cost_limit 1000 (the default is 200, through vacuum_cost_limit) lets a visit do five
-- times the work per sleep, so it finishes before the next batch of dead rows arrives.

-- runs: one row per run, updated in place all its life — progress every second, heartbeats, the event
-- counter — and by each status change. Progress, heartbeat and event counter are in no index, so those
-- updates can be HOT (heap-only: no index entry, the old version pruned from the page) when the page has
-- room: fillfactor 85 keeps 15 % of each page free for them. Status changes touch indexed columns and are
-- never HOT; they are what the low scale factors are for. The analyze factor is low too: the share of
-- queued / running / finished rows shifts within minutes, and the planner's choice of the status indexes
-- depends on it. The insert factor (PG 13+) makes vacuum also visit a table that mostly grew, keeping its
-- visibility map current.
ALTER TABLE "runs" SET (
  fillfactor = 85,
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_insert_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_limit = 1000
);

-- run_events: appended (never updated) and deleted in batches by runs.cleanup. No fillfactor (an
-- insert-only table is best packed full). The insert factor keeps the visibility map current so reads of
-- a run's events by (run_id, seq) stay index-only; the vacuum factor cleans up after each cleanup batch.
ALTER TABLE "run_events" SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_vacuum_insert_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.05,
  autovacuum_vacuum_cost_limit = 1000
);

-- slots (the queue and concurrency slots, which replaced queue_slots in issue 17): a handful of rows,
-- each updated at every start and end of a run; fillfactor 50 (set then) makes those updates HOT. A
-- scale factor of a table this small means nothing: vacuum it after every 1,000 dead versions instead.
ALTER TABLE "slots" SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_cost_limit = 1000
);

-- Graphile Worker's jobs: every run inserts a job, locks it (an update) and deletes it: all churn, few live
-- rows. Its locking changes a column of its main partial index, so no fillfactor helps (updates are not
-- HOT); vacuum it by count of dead rows (scale factor 0.01 + 500) and keep its statistics fresh, since the
-- job-fetching query's plan depends on them. The table is created by Graphile Worker's own migrations,
-- which run AFTER these (src/server/migrations/commands.ts): on a fresh database it does not exist yet, and
-- deployMigrations applies the same settings once Graphile has migrated (JOBS_TABLE_STORAGE in
-- src/server/migrations/jobs-storage.ts, which must match this block). Here it covers a database whose
-- Graphile schema is already in place.
DO $$
BEGIN
  IF to_regclass('graphile_worker._private_jobs') IS NOT NULL THEN
    ALTER TABLE graphile_worker._private_jobs SET (
      autovacuum_vacuum_scale_factor = 0.01,
      autovacuum_vacuum_threshold = 500,
      autovacuum_analyze_scale_factor = 0.02,
      autovacuum_analyze_threshold = 500,
      autovacuum_vacuum_cost_limit = 1000
    );
  END IF;
END $$;
