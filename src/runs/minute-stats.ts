/**
 * The console's per-minute series, counted where runs change: every status change goes through the
 * write path (./writer.ts), which hands its answers here. Counts are kept in memory per minute, queue
 * and task and added to run_minute_stats every few seconds in one statement — no write per run, and
 * the console never recomputes from `runs`. A process killed with -9 loses its last few seconds of
 * counts (the figures are for watching, not accounting: the runs themselves are the record).
 */
import { emptyHistogram, waitBucket } from "@/domain/console/wait-histogram";
import { logger } from "@/server/logger";
import { addMinuteStats, type MinuteDelta } from "./minute-stats.repository";
import type { RunRow } from "./run.repository";
import type { RunStatus } from "./status";

const FLUSH_MS = 5_000;
/** Past this many pending rows (a flood of distinct tasks, or the database away) the oldest are dropped. */
const MAX_PENDING = 20_000;

const TERMINAL: ReadonlySet<RunStatus> = new Set(["succeeded", "failed", "cancelled", "dead"]);

interface State {
  pending: Map<string, MinuteDelta>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}
const g = globalThis as unknown as { __fluxoMinuteStats?: State };
const state = (): State => (g.__fluxoMinuteStats ??= { pending: new Map() });

function minuteOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
}

function slot(at: Date, row: Pick<RunRow, "queue" | "task">): MinuteDelta {
  const s = state();
  const minute = minuteOf(at);
  const key = `${minute.getTime()}\u0000${row.queue}\u0000${row.task}`;
  let d = s.pending.get(key);
  if (!d) {
    if (s.pending.size >= MAX_PENDING) s.pending.delete(s.pending.keys().next().value!);
    d = { minute, queue: row.queue, task: row.task, started: 0, ended: 0, failed: 0, waitMs: emptyHistogram() };
    s.pending.set(key, d);
  }
  s.timer ??= setTimeout(() => void flushMinuteStats(), FLUSH_MS).unref();
  return d;
}

/** A run changed status to `to` (the row as written): count its start or its end. */
export function countTransition(to: RunStatus, row: RunRow): void {
  if (to === "running" && row.status === "running") {
    const startedAt = row.startedAt ?? new Date();
    const d = slot(startedAt, row);
    d.started++;
    const waitingSince = Math.max(row.runAt.getTime(), row.createdAt.getTime());
    d.waitMs[waitBucket(startedAt.getTime() - waitingSince)]!++;
  } else if (TERMINAL.has(row.status)) {
    const d = slot(row.finishedAt ?? new Date(), row);
    d.ended++;
    if (row.status === "failed" || row.status === "dead") d.failed++;
  }
}

/** Add what was counted to the table now (also at a graceful stop). Counts a failed write keeps for the next. */
export function flushMinuteStats(): Promise<void> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = undefined;
  if (s.flushing) return s.flushing.then(() => flushMinuteStats());
  if (s.pending.size === 0) return Promise.resolve();
  const batch = [...s.pending.values()];
  s.pending = new Map();
  s.flushing = addMinuteStats(batch)
    .catch((err: Error) => {
      logger.warn({ err: err.message, rows: batch.length }, "could not write the per-minute run counts; will retry");
      for (const d of batch) {
        const again = slot(d.minute, d);
        again.started += d.started;
        again.ended += d.ended;
        again.failed += d.failed;
        for (let i = 0; i < d.waitMs.length; i++) again.waitMs[i]! += d.waitMs[i]!;
      }
    })
    .finally(() => (s.flushing = undefined));
  return s.flushing;
}
