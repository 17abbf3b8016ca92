/** Retention: expired runs (and, by cascade, their events) deleted in small batches, so no lock is long. */
import { db } from "@/server/db";

/** Delete at most `batch` finished runs whose results expired before `now`; returns how many. */
export async function deleteExpiredBatch(now: Date, batch: number): Promise<number> {
  return db().$executeRaw`
    delete from runs where id in (
      select id from runs
      where expires_at < ${now}::timestamptz and status in ('succeeded', 'failed', 'cancelled', 'dead')
      order by expires_at limit ${batch}
      for update skip locked)`;
}

export interface CleanupLimits {
  /** Runs deleted per statement (one short transaction each). */
  batchSize: number;
  /** Stop after this many batches, or once `budgetMs` has passed: the next run goes on. */
  maxBatches: number;
  budgetMs: number;
  signal?: AbortSignal;
  onBatch?: (deleted: number, batches: number) => void;
}

/** Delete the runs expired before `now`, batch after batch, until none is left or a limit is reached. */
export async function deleteExpiredRuns(
  now: Date,
  l: CleanupLimits,
): Promise<{ deleted: number; batches: number; done: boolean }> {
  const until = Date.now() + l.budgetMs;
  let deleted = 0;
  let batches = 0;
  while (batches < l.maxBatches && Date.now() < until && !l.signal?.aborted) {
    const n = await deleteExpiredBatch(now, l.batchSize);
    deleted += n;
    batches++;
    l.onBatch?.(deleted, batches);
    if (n < l.batchSize) return { deleted, batches, done: true };
  }
  return { deleted, batches, done: false };
}
