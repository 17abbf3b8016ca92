-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "cached_from_id" UUID,
ADD COLUMN     "memo_key" TEXT;

-- CreateIndex
CREATE INDEX "runs_task_memo_key_finished_at_idx" ON "runs"("task", "memo_key", "finished_at");
