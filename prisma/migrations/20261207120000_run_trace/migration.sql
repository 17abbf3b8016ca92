-- The W3C trace context (traceparent) of a run's submit, when tracing is on (src/server/tracing.ts):
-- each attempt's span on a worker is its child, so one trace runs from the click to the end. Nullable,
-- no default: adding it rewrites nothing, and a run submitted with tracing off stores null.
ALTER TABLE "runs" ADD COLUMN "traceparent" TEXT;
