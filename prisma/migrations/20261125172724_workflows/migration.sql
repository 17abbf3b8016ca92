-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "step" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "runs_parent_id_step_key" ON "runs"("parent_id", "step");
