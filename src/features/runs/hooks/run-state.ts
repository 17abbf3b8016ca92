/**
 * Merging live run messages into a run's state. Pure, so the ordering rules are testable:
 * a message never overwrites newer state. Persisted messages are ordered by `seq` (the run's
 * event sequence, shared by status, progress and log events); ephemeral progress (no seq) by `at`,
 * and never after a terminal status.
 */
import type { PartialMessage, RunMessage } from "@/runs/events";
import { isTerminal, RUN_STATUSES, type RunStatus } from "@/runs/status";

/** Not started yet: waiting in its queue, or `scheduled` for a later time. No progress, no ETA. */
export function isWaiting(s: RunStatus): boolean {
  return s === "queued" || s === "scheduled";
}

/** Active runs Cancel applies to: not ended, and not already being cancelled. */
export function isCancellable(s: RunStatus): boolean {
  return !isTerminal(s) && s !== "cancelling";
}

/** The statuses a bulk cancel acts on (what the runs table offers "Cancel all" for). */
export const CANCELLABLE_STATUSES: readonly RunStatus[] = RUN_STATUSES.filter(isCancellable);

/** Every status in the order of a run's life, for pickers (RUN_STATUSES is in the order they were added). */
export const STATUS_ORDER: readonly RunStatus[] = [
  "scheduled",
  "queued",
  "running",
  "retrying",
  "cancelling",
  "succeeded",
  "failed",
  "cancelled",
  "dead",
];

export interface LiveRunState {
  status: RunStatus;
  attempt: number;
  progress: number;
  stage: string | null;
  message: string | null;
  etaAt: string | null;
  error: { name: string; message: string; stack?: string; field?: string } | null;
  /** Highest persisted event seq folded in. */
  seq: number;
  /** Time of the latest progress applied (ISO), to order ephemeral progress. */
  progressAt: string | null;
  /** The latest partial result (ctx.partial), live or as fetched; null when the task published none. */
  partial: LivePartial | null;
}

/** A partial result as the run page shows it. */
export type LivePartial = Pick<PartialMessage, "result" | "precision" | "done" | "at" | "final">;

/** A fetched run, as far as live state goes (`runs.get`). */
export type RunSnapshot = Omit<LiveRunState, "seq" | "progressAt" | "partial"> & {
  eventSeq: number;
  partial?: LivePartial | null;
};

export function fromSnapshot(s: RunSnapshot): LiveRunState {
  return {
    status: s.status,
    attempt: s.attempt,
    progress: s.status === "scheduled" ? 0 : s.progress,
    stage: s.stage,
    message: s.message,
    etaAt: s.etaAt,
    error: s.error,
    seq: s.eventSeq,
    progressAt: null,
    partial: s.partial ?? null,
  };
}

/** The newer of two partial results (by the time the task published them). */
function newerPartial(a: LivePartial | null, b: LivePartial | null): LivePartial | null {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at || (b.at === a.at && b.final) ? b : a;
}

/** A fresh snapshot wins unless live messages already went past it. */
export function mergeSnapshot(state: LiveRunState | null, s: RunSnapshot): LiveRunState {
  if (!state || s.eventSeq > state.seq)
    return {
      ...fromSnapshot(s),
      progressAt: state?.progressAt ?? null,
      partial: newerPartial(state?.partial ?? null, s.partial ?? null),
    };
  if (s.eventSeq < state.seq) return state;
  // Same persisted point: keep finer live progress that arrived after it.
  const next = { ...fromSnapshot(s), partial: newerPartial(state.partial, s.partial ?? null) };
  if (state.progressAt && !isTerminal(s.status) && state.progress >= s.progress)
    return {
      ...next,
      progress: state.progress,
      stage: state.stage,
      message: state.message,
      etaAt: state.etaAt,
      progressAt: state.progressAt,
    };
  return { ...next, progressAt: state.progressAt };
}

export function applyMessage(state: LiveRunState | null, m: RunMessage): LiveRunState | null {
  if (!state) return state; // messages before the first snapshot are replayed by the server anyway
  if (m.seq !== undefined && m.seq <= state.seq) return state; // older than what we show
  switch (m.type) {
    case "status": {
      if (m.seq === undefined && isTerminal(state.status)) return state;
      const terminal = isTerminal(m.status);
      // A run waiting for its time has not started: its bar stays empty.
      const progress = m.status === "succeeded" ? 1 : m.status === "scheduled" ? 0 : m.progress;
      return {
        ...state,
        status: m.status,
        attempt: m.attempt,
        progress,
        error: m.error ? { ...m.error } : isWaiting(m.status) || m.status === "running" ? null : state.error,
        etaAt: terminal || isWaiting(m.status) ? null : state.etaAt,
        seq: m.seq ?? state.seq,
      };
    }
    case "progress": {
      if (isTerminal(state.status)) return m.seq !== undefined ? { ...state, seq: m.seq } : state;
      if (m.seq === undefined && state.progressAt && m.at < state.progressAt) return state;
      return {
        ...state,
        progress: m.progress,
        stage: m.stage,
        message: m.message,
        etaAt: m.etaAt,
        progressAt: m.at,
        seq: m.seq ?? state.seq,
      };
    }
    case "log":
      return { ...state, seq: m.seq };
    case "partial": {
      const p: LivePartial = { result: m.result, precision: m.precision, done: m.done, at: m.at, final: m.final };
      return { ...state, partial: newerPartial(state.partial, p), seq: m.seq ?? state.seq };
    }
  }
}

/** One SSE `data:` payload as a run message, or null when it is not one. */
export function parseRunMessage(data: string): RunMessage | null {
  try {
    const m = JSON.parse(data) as unknown;
    return m && typeof m === "object" && "type" in m && "runId" in m ? (m as RunMessage) : null;
  } catch {
    return null;
  }
}
