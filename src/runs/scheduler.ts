/**
 * The schedule tick: every worker runs it about once a second. Due schedules are claimed under row
 * locks (SKIP LOCKED), their due slots worked out by the pure `dueSlots` (missed-slot policy
 * included), and each slot becomes a run whose (schedule, slot) is unique in the database — so two
 * tickers, a crash between insert and bookkeeping, or a retried tick never fire a slot twice.
 */
import { dueSlots, nextFires, type MissedPolicy } from "@/domain/schedule";
import { logger } from "@/server/logger";
import type { TaskCatalog } from "./task-catalog";
import { enqueueScheduled } from "./enqueue";
import { withDueSchedules } from "./schedule.repository";

export interface TickResult {
  schedules: number;
  fired: number;
  skipped: number;
}

export async function tickSchedules(registry: TaskCatalog, now = new Date()): Promise<TickResult> {
  let fired = 0;
  let skipped = 0;
  const schedules = await withDueSchedules(now, 100, async (s) => {
    let due;
    try {
      // Never ticked (seeded, or made outside the app): start counting slots from now.
      if (!s.lastSlotAt && !s.nextRunAt)
        return { lastSlotAt: now, nextRunAt: nextFires(s.cron, s.timezone, now, 1)[0] ?? null };
      due = dueSlots({ ...s, missedPolicy: s.missedPolicy as MissedPolicy, since: s.createdAt }, now);
    } catch (err) {
      logger.warn({ scheduleId: s.id, err: (err as Error).message }, "schedule cannot fire; it stays idle until fixed");
      return { lastSlotAt: now, nextRunAt: null, lastStatus: "invalid" };
    }
    skipped += due.skipped;
    const task = registry.get(s.task);
    if (!task) {
      skipped += due.fire.length;
      logger.warn({ scheduleId: s.id, task: s.task }, "scheduled task is not available; slot skipped");
      return { lastSlotAt: due.lastSlotAt, nextRunAt: due.nextRunAt, lastStatus: "task unavailable" };
    }
    let lastRunId: string | undefined;
    for (const slot of due.fire) {
      try {
        const row = await enqueueScheduled(task, s.input, { ownerId: s.ownerId, scheduleId: s.id, slot });
        if (row) {
          fired++;
          lastRunId = row.id;
        }
      } catch (err) {
        logger.warn({ scheduleId: s.id, err: (err as Error).message }, "scheduled run refused (input no longer valid)");
        return { lastSlotAt: due.lastSlotAt, nextRunAt: due.nextRunAt, lastStatus: "invalid input" };
      }
    }
    return { lastSlotAt: due.lastSlotAt, nextRunAt: due.nextRunAt, lastRunId };
  });
  return { schedules, fired, skipped };
}
