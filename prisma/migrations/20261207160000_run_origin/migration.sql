-- What-if reruns (issue 21): the run a rerun was edited from ("Edit and rerun"). Nullable, no default:
-- adding it rewrites nothing. When the origin is deleted (retention cleanup, a bulk delete) the rerun
-- stays and its link becomes null.
ALTER TABLE "runs" ADD COLUMN "origin_run_id" UUID;

-- ON DELETE SET NULL looks up the reruns of every deleted run: without an index each delete of the
-- retention cleanup would scan the whole table. Partial: only reruns have an origin.
CREATE INDEX "runs_origin_run_idx" ON "runs" ("origin_run_id") WHERE "origin_run_id" IS NOT NULL;

ALTER TABLE "runs" ADD CONSTRAINT "runs_origin_run_id_fkey" FOREIGN KEY ("origin_run_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
