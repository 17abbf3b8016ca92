-- issue 22: alerts. Rules (admin-set, seeded defaults below) and alerts (one per rule and subject
-- from firing to resolving), evaluated every minute by the system schedule `alerts.evaluate`.

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "queue" TEXT,
    "task" TEXT,
    "threshold" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "window_minutes" INTEGER NOT NULL DEFAULT 15,
    "min_runs" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alerts_fired_at_idx" ON "alerts"("fired_at");

-- CreateIndex
CREATE INDEX "alerts_rule_id_fired_at_idx" ON "alerts"("rule_id", "fired_at");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one open alert per rule and subject: two evaluations at once cannot fire it twice.
CREATE UNIQUE INDEX "alerts_open_key" ON "alerts" ("rule_id", "subject") WHERE "resolved_at" IS NULL;

-- Seeded rules (admins edit, disable or delete them in the console).
INSERT INTO "alert_rules" ("id", "name", "kind", "queue", "task", "threshold", "window_minutes", "min_runs") VALUES
  ('00000000-0000-4000-9000-000000000001', 'A queue''s oldest waiting run waits over 10 min', 'queue_wait', NULL, NULL, 10, 15, 1),
  ('00000000-0000-4000-9000-000000000002', 'A run ended dead', 'run_dead', NULL, NULL, 0, 60, 1),
  ('00000000-0000-4000-9000-000000000003', 'A schedule missed its slot', 'schedule_missed', NULL, NULL, 2, 15, 1),
  ('00000000-0000-4000-9000-000000000004', 'Fewer than 1 live worker', 'workers_below', NULL, NULL, 1, 15, 1),
  ('00000000-0000-4000-9000-000000000005', 'Failure rate over 50 % in 15 min (at least 10 runs)', 'failure_rate', NULL, NULL, 50, 15, 10),
  ('00000000-0000-4000-9000-000000000006', 'Job tables unhealthy (over 20 % dead tuples, or a transaction open over 30 min)', 'table_health', NULL, NULL, 20, 30, 1);

-- The evaluation, every minute (skipped while the previous one still runs).
INSERT INTO "schedules" ("id", "name", "cron", "timezone", "task", "input", "enabled", "missed_policy", "system") VALUES
  ('00000000-0000-4000-8000-000000000012', 'Alerts evaluation (every minute)', '* * * * *', 'America/Sao_Paulo', 'alerts.evaluate', '{}', true, 'skip', true);
