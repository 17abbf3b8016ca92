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
