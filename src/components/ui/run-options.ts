/**
 * "Run options" of a form that starts a run: priority and when to start. Pure (clock and time
 * zone are arguments), so it is testable and the browser and the tests agree.
 *
 * The bounds are the server's (ENQUEUE_LIMITS in src/runs/enqueue.ts, which cannot be imported
 * into the browser); src/features/runs/run-options.schemas.test.ts checks that they agree.
 */

import { DAY_MS, zonedToInstant } from "@/domain/shared/dates";

export const RUN_OPTION_LIMITS = {
  priority: { min: -1000, max: 1000 },
  /** Longest delay of a run: 30 days. */
  maxDelayMs: 30 * DAY_MS,
} as const;

/** The longest "in N minutes": 30 days. */
export const MAX_DELAY_MINUTES = RUN_OPTION_LIMITS.maxDelayMs / 60_000;

export const PRIORITY_PRESETS = { low: -10, normal: 0, high: 10 } as const;
export type PriorityChoice = keyof typeof PRIORITY_PRESETS | "custom";
export type StartChoice = "now" | "in" | "at";

/** What the fields hold (text as typed). */
export interface RunOptionsValue {
  priority: PriorityChoice;
  /** With priority "custom": a whole number within the bounds. */
  customPriority: string;
  start: StartChoice;
  /** With start "in": whole minutes from now. */
  inMinutes: string;
  /** With start "at": YYYY-MM-DDTHH:mm, a wall-clock time in the viewer's time zone. */
  at: string;
}

export const DEFAULT_RUN_OPTIONS: RunOptionsValue = {
  priority: "normal",
  customPriority: "",
  start: "now",
  inMinutes: "15",
  at: "",
};

/** What goes into the start mutation next to the run's input (only what differs from the defaults). */
export interface RunOptionsInput {
  priority?: number;
  delayMs?: number;
  /** ISO 8601 instant. */
  runAt?: string;
}

/** The input field each option is sent as (the server's messages name the same fields). */
export type RunOptionsField = keyof RunOptionsInput;

export type RunOptionsIssue =
  | { field: "priority"; code: "priorityRange"; min: number; max: number }
  | { field: "delayMs"; code: "minutesRange"; min: number; max: number }
  | { field: "runAt"; code: "dateTimeMissing" | "dateTimeInvalid" | "dateTimePast" | "dateTimeTooFar" };

export type ResolvedRunOptions = { ok: true; input: RunOptionsInput } | { ok: false; issues: RunOptionsIssue[] };

const WHOLE = /^[+-]?\d+$/;
const wholeIn = (text: string, min: number, max: number): number | null => {
  const s = text.trim().replace(/^\u2212/, "-"); // a typographic minus counts as one
  if (!WHOLE.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/** The fields' values as the start mutation's options at `now` (ms) in `timeZone` (IANA), or the issues naming each field. */
export function resolveRunOptions(v: RunOptionsValue, o: { now: number; timeZone: string }): ResolvedRunOptions {
  const input: RunOptionsInput = {};
  const issues: RunOptionsIssue[] = [];
  const P = RUN_OPTION_LIMITS.priority;
  if (v.priority === "custom") {
    const n = wholeIn(v.customPriority, P.min, P.max);
    if (n === null) issues.push({ field: "priority", code: "priorityRange", min: P.min, max: P.max });
    else if (n !== 0) input.priority = n;
  } else if (PRIORITY_PRESETS[v.priority] !== 0) input.priority = PRIORITY_PRESETS[v.priority];

  if (v.start === "in") {
    const m = wholeIn(v.inMinutes, 1, MAX_DELAY_MINUTES);
    if (m === null) issues.push({ field: "delayMs", code: "minutesRange", min: 1, max: MAX_DELAY_MINUTES });
    else input.delayMs = m * 60_000;
  } else if (v.start === "at") {
    const issue = (code: Extract<RunOptionsIssue, { field: "runAt" }>["code"]) => issues.push({ field: "runAt", code });
    if (!v.at.trim()) issue("dateTimeMissing");
    else {
      const t = zonedToInstant(v.at.trim(), o.timeZone);
      if (t === null) issue("dateTimeInvalid");
      else if (t < o.now) issue("dateTimePast");
      else if (t > o.now + RUN_OPTION_LIMITS.maxDelayMs) issue("dateTimeTooFar");
      else input.runAt = new Date(t).toISOString();
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, input };
}

/** True when the value asks for nothing but the defaults (a folded section may stay folded). */
export function isDefaultRunOptions(v: RunOptionsValue): boolean {
  return v.priority === "normal" && v.start === "now";
}

// Wall-clock times in a zone (DST gaps and repeats included) are the date module's.
export { instantToZoned, isTimeZone, zonedToInstant } from "@/domain/shared/dates";
