-- The latest partial result a running task published (ctx.partial): { result, precision?, done?, final }
-- and when it was persisted (about once a second while it runs, and once more as the attempt ends). Kept
-- when the run is cancelled, times out or dies, so what was computed is not lost. Nullable, no default:
-- adding them rewrites nothing, and a run that never publishes a partial result stores null.
ALTER TABLE "runs" ADD COLUMN "partial" JSONB;
ALTER TABLE "runs" ADD COLUMN "partial_at" TIMESTAMPTZ(3);
