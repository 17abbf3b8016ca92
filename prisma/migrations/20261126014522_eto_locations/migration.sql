-- CreateTable
CREATE TABLE "eto_locations" (
    "id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "elevation" DOUBLE PRECISION NOT NULL,
    "elevation_source" TEXT NOT NULL,
    "timezone" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "eto_locations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "eto_locations_owner_id_created_at_idx" ON "eto_locations"("owner_id", "created_at");

-- AddForeignKey
ALTER TABLE "eto_locations" ADD CONSTRAINT "eto_locations_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The seeded system schedules that waited for their tasks (issue 8): the nightly climate prefetch is
-- eto.prefetch (the last days of every saved location's historical weather into the cache) and the
-- cache cleanup is eto.cacheCleanup. Both are on now.
UPDATE "schedules" SET "task" = 'eto.prefetch', "enabled" = true, "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000005' AND "task" = 'climate.prefetch';
UPDATE "schedules" SET "task" = 'eto.cacheCleanup', "enabled" = true, "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000006' AND "task" = 'cache.cleanup';
