-- Provenance of a run (issue 21): the code version that made it (package version + commit) and the
-- task's engine version (bumped whenever the engine's results change for the same input). Nullable,
-- no default: adding them rewrites nothing; runs made before keep null (shown as unknown).
ALTER TABLE "runs" ADD COLUMN "code_version" TEXT,
ADD COLUMN "engine_version" INTEGER;
