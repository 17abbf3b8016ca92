/**
 * "Run options" of a form that starts a run: priority and when to start. Pure (clock and time
 * zone are arguments), so it is testable and the browser and the tests agree.
 *
 * The bounds are the server's (ENQUEUE_LIMITS in src/runs/enqueue.ts, which cannot be imported
 * into the browser); src/features/runs/run-options.schemas.test.ts checks that they agree.
 */

import { DAY_MS } from "@/domain/shared/dates";

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

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at instant `t` in `timeZone`, as if it were UTC (ms, whole seconds). */
function wallClockMs(t: number, timeZone: string): number {
  const parts = formatIn(timeZone).formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

/** The zone's offset from UTC at instant `t` (ms; +3 600 000 for UTC+1). */
const offsetAt = (t: number, timeZone: string) => wallClockMs(t, timeZone) - Math.floor(t / 1000) * 1000;

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatIn(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A wall-clock time "YYYY-MM-DDTHH:mm[:ss]" in `timeZone` as an instant (ms), or null when it is
 * not a real date and time or the zone is unknown. Like Temporal's "compatible": a time the clocks
 * skip (spring forward) moves forward by the gap; a time that happens twice (fall back) is the first.
 */
export function zonedToInstant(local: string, timeZone: string): number | null {
  const m = LOCAL.exec(local);
  if (!m || !isTimeZone(timeZone)) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wall);
  if (y < 1 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23)
    return null; // 2026-02-30, 24:00…
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const fits = [wall - before, wall - after].filter((t) => wallClockMs(t, timeZone) === wall);
  if (fits.length) return Math.min(...fits);
  return wall - before; // in a gap: the offset before the change puts it after the gap
}

/** The instant `t` as "YYYY-MM-DDTHH:mm" in `timeZone` (a datetime-local input's value). */
export function instantToZoned(t: number, timeZone: string): string {
  return new Date(wallClockMs(t, timeZone)).toISOString().slice(0, 16);
}
