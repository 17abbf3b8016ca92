-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "period_days" INTEGER NOT NULL DEFAULT 7,
    "skip_weekends" BOOLEAN NOT NULL DEFAULT false,
    "backlog" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_history" (
    "project_id" UUID NOT NULL,
    "period_start" DATE NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "project_history_pkey" PRIMARY KEY ("project_id","period_start")
);

-- CreateTable
CREATE TABLE "saved_forecasts" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "input" JSONB NOT NULL,
    "seed" BIGINT,
    "result" JSONB NOT NULL,
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_forecasts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_actuals" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "completed" INTEGER NOT NULL,
    "remaining" INTEGER,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_actuals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "projects_owner_id_created_at_idx" ON "projects"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "saved_forecasts_project_id_created_at_idx" ON "saved_forecasts"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "project_actuals_project_id_date_idx" ON "project_actuals"("project_id", "date");

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_history" ADD CONSTRAINT "project_history_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_forecasts" ADD CONSTRAINT "saved_forecasts_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_actuals" ADD CONSTRAINT "project_actuals_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
