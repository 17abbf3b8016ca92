/**
 * Admission control (issue 22): while a queue is backed up (its oldest run has waited longer than
 * ADMISSION_QUEUE_WAIT_S) or the job tables' health is critical (./table-health.ts: the xmin horizon
 * too old, too many dead tuples), NEW low-priority submissions (priority below
 * ADMISSION_LOW_PRIORITY_BELOW) are refused — HTTP 503 with Retry-After, tRPC SERVICE_UNAVAILABLE with
 * retryAfterMs — with a message saying why. Normal and high priority runs, workflow steps, schedules and
 * retries go on: shedding the optional work first gives the queues and autovacuum room to catch up.
 *
 * The hot submit path never queries for it: each process keeps the state in memory and re-reads it
 * (a few catalog reads and one grouped count) at most every ADMISSION_REFRESH_MS, in the background
 * after the first read; submissions at normal priority do not even look at it.
 */
import { oldestWaiting } from "./queue.repository";
import { Refusal } from "@/domain/shared/errors";
import { env } from "@/env";
import { logger } from "@/server/logger";
import {
  readTableHealth,
  tableHealthThresholds,
  tableHealthVerdict,
  type TableHealth,
  type TableHealthThresholds,
  type TableHealthVerdict,
} from "./table-health";

export interface AdmissionState {
  /** When it was read (ms since the epoch). */
  at: number;
  health: TableHealthVerdict;
  /** What the verdict was made of (the console and the metrics show it). */
  read: TableHealth;
  thresholds: TableHealthThresholds;
  /** Queues whose oldest waiting run has waited at least `queueWaitLimitS` (none when the limit is 0). */
  backedUp: { queue: string; oldestWaitS: number }[];
  queueWaitLimitS: number;
}

export interface AdmissionOptions {
  /** A priority below this is low priority. */
  lowPriorityBelow: number;
  retryAfterS: number;
}

export type AdmissionDecision =
  { admit: true } | { admit: false; reason: "queue_backlog" | "table_health"; message: string; retryAfterS: number };

/** Pure: may a new run of `queue` at `priority` enter, given the state? Unknown state admits (fail open). */
export function admissionDecision(
  state: AdmissionState | null,
  run: { queue: string; priority: number },
  o: AdmissionOptions,
): AdmissionDecision {
  if (!state || run.priority >= o.lowPriorityBelow) return { admit: true };
  const tail = `low-priority runs (priority below ${o.lowPriorityBelow}) are refused for now; try again in ${o.retryAfterS} s or submit at a normal priority`;
  if (state.health.level === "critical") {
    const why = state.health.reasons.find((r) => r.level === "critical")?.message ?? "the job tables are unhealthy";
    return {
      admit: false,
      reason: "table_health",
      message: `Fluxo is shedding load: ${why}; ${tail}`,
      retryAfterS: o.retryAfterS,
    };
  }
  const q = state.backedUp.find((b) => b.queue === run.queue);
  if (q)
    return {
      admit: false,
      reason: "queue_backlog",
      message: `Fluxo is shedding load: queue ${q.queue}'s oldest run has waited ${Math.round(q.oldestWaitS)} s (limit ${state.queueWaitLimitS} s); ${tail}`,
      retryAfterS: o.retryAfterS,
    };
  return { admit: true };
}

/** A low-priority submission refused by admission control (503 / SERVICE_UNAVAILABLE, with Retry-After). */
export class AdmissionRefusedError extends Refusal {
  override name = "AdmissionRefusedError";
  readonly code = "SERVICE_UNAVAILABLE" as const;
  constructor(
    readonly reason: "queue_backlog" | "table_health",
    message: string,
    override readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface AdmissionOverrides {
  thresholds?: Partial<TableHealthThresholds>;
  queueWaitLimitS?: number;
}

const g = globalThis as unknown as {
  __fluxoAdmission?: {
    state: AdmissionState | null;
    refreshing: Promise<AdmissionState> | null;
    overrides: AdmissionOverrides;
  };
};
const slot = (g.__fluxoAdmission ??= { state: null, refreshing: null, overrides: {} });

/**
 * Thresholds other than the configured ones for this process's next reads (tests); `{}` restores them.
 * @public (used by src/runs/table-health.int.test.ts through a dynamic import)
 */
export function setAdmissionOverrides(o: AdmissionOverrides): void {
  slot.overrides = o;
  slot.state = null;
  slot.refreshing = null;
}

/** Read the state now (one read at a time per process: callers meanwhile share it). */
export function refreshAdmission(): Promise<AdmissionState> {
  if (slot.refreshing) return slot.refreshing;
  const o = slot.overrides;
  const p = (async () => {
    const thresholds = { ...tableHealthThresholds(), ...o.thresholds };
    const queueWaitLimitS = o.queueWaitLimitS ?? env().ADMISSION_QUEUE_WAIT_S;
    // One after the other: side by side, the health read would see the waits' snapshot as an open transaction.
    const read = await readTableHealth({ longQuerySeconds: thresholds.longQuerySeconds });
    const waits = queueWaitLimitS > 0 ? await oldestWaiting() : [];
    const state: AdmissionState = {
      at: Date.now(),
      health: tableHealthVerdict(read, thresholds),
      read,
      thresholds,
      backedUp: waits
        .filter((w) => w.seconds >= queueWaitLimitS)
        .map((w) => ({ queue: w.queue, oldestWaitS: w.seconds })),
      queueWaitLimitS,
    };
    const was = slot.state;
    if (
      (was?.health.level === "critical") !== (state.health.level === "critical") ||
      !!was?.backedUp.length !== !!state.backedUp.length
    )
      logger.warn({ health: state.health, backedUp: state.backedUp }, "admission state changed");
    slot.state = state;
    return state;
  })().finally(() => {
    if (slot.refreshing === p) slot.refreshing = null;
  });
  slot.refreshing = p;
  return p;
}

/**
 * Throws AdmissionRefusedError when a new run of `queue` at `priority` must wait. Costs nothing at
 * normal priority; a low-priority one reads the cached state (the first one of a process waits for the
 * first read; a stale state is re-read in the background).
 */
export async function checkAdmission(queue: string, priority: number | undefined): Promise<void> {
  const e = env();
  const p = priority ?? 0;
  if (p >= e.ADMISSION_LOW_PRIORITY_BELOW) return;
  let state = slot.state;
  if (!state || Date.now() - state.at > 10 * e.ADMISSION_REFRESH_MS)
    state = await refreshAdmission().catch((err: unknown) => {
      logger.warn({ err: (err as Error).message }, "admission state unreadable: admitting");
      return null;
    });
  else if (Date.now() - state.at > e.ADMISSION_REFRESH_MS)
    void refreshAdmission().catch((err: unknown) =>
      logger.warn({ err: (err as Error).message }, "admission state unreadable: keeping the last one"),
    );
  const d = admissionDecision(
    state,
    { queue, priority: p },
    { lowPriorityBelow: e.ADMISSION_LOW_PRIORITY_BELOW, retryAfterS: e.ADMISSION_RETRY_AFTER_S },
  );
  if (!d.admit) throw new AdmissionRefusedError(d.reason, d.message, d.retryAfterS * 1000);
}
