/**
 * The run status machine: the one place that says which status changes are legal.
 *
 *   queued|scheduled ─▶ running ─▶ succeeded           (scheduled: a delayed run, before its time)
 *                │  ├──▶ retrying ─▶ running          (retriable error, attempts left; graceful shutdown)
 *                │  ├──▶ failed                        (non-retriable error, timeout)
 *                │  └──▶ dead                          (attempts exhausted: the dead-letter list)
 *   queued|scheduled|retrying ─▶ cancelled            (removed before a worker started it)
 *   queued|scheduled|running|retrying ─▶ cancelling ─▶ cancelled
 *   failed|dead ─▶ queued                              (redrive)
 */
export const RUN_STATUSES = [
  "queued",
  "running",
  "retrying",
  "succeeded",
  "failed",
  "cancelling",
  "cancelled",
  "dead",
  "scheduled",
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "cancelled", "dead"];

const TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ["running", "cancelling", "cancelled"],
  scheduled: ["running", "cancelling", "cancelled"],
  running: ["succeeded", "retrying", "failed", "dead", "cancelling"],
  retrying: ["running", "cancelling", "cancelled"],
  cancelling: ["cancelled"],
  succeeded: [],
  failed: ["queued"],
  dead: ["queued"],
  cancelled: [],
};

export class IllegalTransitionError extends Error {
  override name = "IllegalTransitionError";
  constructor(
    readonly from: RunStatus,
    readonly to: RunStatus,
  ) {
    super(`illegal run status transition ${from} → ${to}`);
  }
}

export function isTerminal(s: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(s);
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError unless `from → to` is legal. */
export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** The statuses from which `to` may be reached (used for compare-and-set updates). */
export function sourcesOf(to: RunStatus): RunStatus[] {
  return RUN_STATUSES.filter((s) => TRANSITIONS[s].includes(to));
}
