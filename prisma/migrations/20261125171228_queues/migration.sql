-- CreateTable
CREATE TABLE "queues" (
    "name" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queues_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "queue_slots" (
    "run_id" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "worker_id" TEXT NOT NULL,
    "acquired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_slots_pkey" PRIMARY KEY ("run_id")
);

-- CreateIndex
CREATE INDEX "queue_slots_queue_idx" ON "queue_slots"("queue");

-- The four queues the Celery systems routed to, with their default concurrency (editable in the console,
-- or by QUEUE_CONCURRENCY when a worker starts).
INSERT INTO "queues" ("name", "concurrency") VALUES
  ('default', 8), ('data_collection', 4), ('analysis', 4), ('reports', 2)
ON CONFLICT DO NOTHING;
