-- issue 22: the console's minute-by-minute series and worker drain.
--
-- run_minute_stats: per minute, queue and task, the runs started (attempts), ended and failed (failed or
-- dead) and a histogram of queue waits (counts per bucket of src/domain/console/wait-histogram.ts).
-- Every process counts what its own transitions did and adds its counts here every few seconds (one
-- upsert per process per flush, never a write per run); the console reads 24 h of it instead of
-- recomputing from `runs`. Rows older than 25 h are deleted by the hourly runs.cleanup.
CREATE TABLE "run_minute_stats" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "queue" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "ended" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "wait_ms" INTEGER[],

    CONSTRAINT "run_minute_stats_pkey" PRIMARY KEY ("minute","queue","task")
);

-- A worker asked to drain (console): it finishes its runs, takes no new ones, and exits.
ALTER TABLE "workers" ADD COLUMN "drain_requested_at" TIMESTAMPTZ(3);
