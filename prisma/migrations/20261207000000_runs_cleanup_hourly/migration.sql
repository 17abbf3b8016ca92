-- issue 22: expired runs are deleted hourly (was Sunday 2 h), in bounded batches (runs.cleanup), so a
-- 1-hour retention is not kept for a week. Reads already treat an expired run as deleted. A schedule
-- already planned for next Sunday is due now, so the next tick plans it hourly.
UPDATE "schedules" SET "cron" = '17 * * * *', "name" = 'Expired runs cleanup (hourly)',
    "next_run_at" = CASE WHEN "next_run_at" IS NULL THEN NULL ELSE CURRENT_TIMESTAMP END,
    "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000007' AND "task" = 'runs.cleanup';
