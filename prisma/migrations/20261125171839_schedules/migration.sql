-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "schedule_id" UUID,
ADD COLUMN     "schedule_slot" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'America/Sao_Paulo',
    "task" TEXT NOT NULL,
    "input" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "missed_policy" TEXT NOT NULL DEFAULT 'once',
    "max_backfill" INTEGER NOT NULL DEFAULT 10,
    "owner_id" TEXT,
    "system" BOOLEAN NOT NULL DEFAULT false,
    "last_slot_at" TIMESTAMPTZ(3),
    "next_run_at" TIMESTAMPTZ(3),
    "last_run_id" UUID,
    "last_status" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "schedules_enabled_next_run_at_idx" ON "schedules"("enabled", "next_run_at");

-- CreateIndex
CREATE INDEX "schedules_owner_id_idx" ON "schedules"("owner_id");

-- CreateIndex
CREATE INDEX "runs_expires_at_idx" ON "runs"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "runs_schedule_id_schedule_slot_key" ON "runs"("schedule_id", "schedule_slot");

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The schedules the Celery beat ran, as system schedules in America/Sao_Paulo. The tasks they name
-- arrive with later features, so they start disabled; runs.cleanup (retention) exists and is on.
INSERT INTO "schedules" ("id", "name", "cron", "timezone", "task", "enabled", "missed_policy", "system") VALUES
  ('00000000-0000-4000-8000-000000000001', 'Market prices (B3 trading hours)', '*/5 10-17 * * 1-5', 'America/Sao_Paulo', 'market.prices', false, 'skip', true),
  ('00000000-0000-4000-8000-000000000002', 'Fundamentals', '0 19 * * *', 'America/Sao_Paulo', 'market.fundamentals', false, 'once', true),
  ('00000000-0000-4000-8000-000000000003', 'News', '0 * * * *', 'America/Sao_Paulo', 'market.news', false, 'skip', true),
  ('00000000-0000-4000-8000-000000000004', 'Portfolio analysis', '0 20 * * *', 'America/Sao_Paulo', 'portfolio.analyzeAll', false, 'once', true),
  ('00000000-0000-4000-8000-000000000005', 'Climate prefetch', '0 5 * * *', 'America/Sao_Paulo', 'climate.prefetch', false, 'once', true),
  ('00000000-0000-4000-8000-000000000006', 'Cache cleanup', '30 3 * * *', 'America/Sao_Paulo', 'cache.cleanup', false, 'once', true),
  ('00000000-0000-4000-8000-000000000007', 'Expired runs cleanup', '0 2 * * 0', 'America/Sao_Paulo', 'runs.cleanup', true, 'once', true)
ON CONFLICT DO NOTHING;
