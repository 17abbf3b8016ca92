-- Report files have their own weekly retention (reports.cleanup); market.cleanup no longer deletes them.
INSERT INTO "schedules" ("id", "name", "cron", "timezone", "task", "input", "enabled", "missed_policy", "system") VALUES
  ('00000000-0000-4000-8000-000000000011', 'Report files cleanup (older than 90 days)', '10 4 * * 0', 'America/Sao_Paulo', 'reports.cleanup', '{}', true, 'once', true)
ON CONFLICT DO NOTHING;
UPDATE "schedules" SET "name" = 'Market data cleanup (news and snapshots older than 90 days)', "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000008' AND "task" = 'market.cleanup';
