-- The run's write path without a lock per queue (issue 17).
-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "concurrency_key" TEXT,
ADD COLUMN     "concurrency_limit" INTEGER,
ADD COLUMN     "idempotency_key" TEXT;

-- CreateTable
CREATE TABLE "slots" (
    "scope" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "run_id" UUID,
    "worker_id" TEXT,
    "acquired_at" TIMESTAMPTZ(3),

    CONSTRAINT "slots_pkey" PRIMARY KEY ("scope","slot")
);
-- Every start and end updates a row here and only the primary key is indexed, so the updates are HOT
-- (heap-only): with room left on each page they never touch an index and the table stays a few pages.
ALTER TABLE "slots" SET (fillfactor = 50);

-- A queue's limit as rows: N slots for a limit of N (more are added when the limit is raised; slots at
-- or above the limit are not taken).
INSERT INTO "slots" ("scope", "slot")
SELECT 'q:' || q."name", g FROM "queues" q, generate_series(0, q."concurrency" - 1) g;

-- Runs holding a slot of the old table keep one.
WITH held AS (
  SELECT s."run_id", s."worker_id", s."acquired_at", 'q:' || s."queue" AS scope,
         row_number() OVER (PARTITION BY s."queue" ORDER BY s."acquired_at") - 1 AS n
  FROM "queue_slots" s
)
UPDATE "slots" t SET "run_id" = held."run_id", "worker_id" = held."worker_id", "acquired_at" = held."acquired_at"
FROM held WHERE t."scope" = held.scope AND t."slot" = held.n;

-- DropTable
DROP TABLE "queue_slots";
DROP FUNCTION IF EXISTS fluxo_acquire_slot(TEXT, UUID, TEXT);

-- Fewer index entries per run: every status change writes a new row version, and each version gets an
-- entry in every index whose predicate it meets (a status change is never a HOT update). Indexes that
-- serve only some runs are partial; the input-hash index served no query.
DROP INDEX "runs_input_hash_idx";
DROP INDEX "runs_task_memo_key_finished_at_idx";
CREATE INDEX "runs_memo_idx" ON "runs" ("task", "memo_key", "finished_at") WHERE "memo_key" IS NOT NULL;
DROP INDEX "runs_schedule_id_schedule_slot_key";
CREATE UNIQUE INDEX "runs_schedule_slot_key" ON "runs" ("schedule_id", "schedule_slot") WHERE "schedule_id" IS NOT NULL;
DROP INDEX "runs_parent_id_step_key";
CREATE UNIQUE INDEX "runs_parent_step_key" ON "runs" ("parent_id", "step") WHERE "parent_id" IS NOT NULL;
-- Retention deletes finished runs only (src/runs/retention.repository.ts).
DROP INDEX "runs_expires_at_idx";
CREATE INDEX "runs_expired_idx" ON "runs" ("expires_at") WHERE "status" IN ('succeeded', 'failed', 'cancelled', 'dead');

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "owner_key" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "input_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("owner_key","task","key")
);

-- CreateIndex
CREATE INDEX "idempotency_keys_run_id_idx" ON "idempotency_keys"("run_id");

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Runs that found a slot scope full (or its queue paused): a freed slot of that scope wakes the best of
-- them at once (their Graphile job was deferred with a backstop delay), highest priority first.
-- CreateTable
CREATE TABLE "slot_waiters" (
    "run_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slot_waiters_pkey" PRIMARY KEY ("run_id","scope")
);

-- CreateIndex
CREATE INDEX "slot_waiters_scope_priority_since_idx" ON "slot_waiters"("scope", "priority" DESC, "since");

