/** The forecast forms' shared values (run, calendar, backlog): defaults, their task input and back. */
import { listChecks, listText, num, numList, type Path, splitList, str, todayLocal } from "@/components/form/form-kit";

/** Fields every tab shares; returns undefined for the ones it does not know. */
export function commonField(path: Path, backlog?: { isRange: boolean }): Path | null | undefined {
  const [head, sub] = path;
  switch (head) {
    case "samples":
    case "trials":
    case "seed":
    case "percentiles":
    case "focus":
    case "startDate":
    case "deadline":
    case "maxPeriods":
    case "skipWeekends":
      return [head];
    case "periodDays":
      return ["period"];
    case "backlog":
      if (!backlog?.isRange) return ["backlog"];
      return [sub === "max" ? "backlogMax" : "backlogMin"];
    default:
      return undefined;
  }
}

/** Shared value groups. */
export interface RunValues {
  trials: string;
  seed: string;
  percentiles: string;
}
export interface CalendarValues {
  startDate: string;
  /** "7" (weeks) or "1" (days), or another stored length. */
  period: string;
  skipWeekends: boolean;
}
export interface BacklogValues {
  backlogIsRange: boolean;
  backlog: string;
  backlogMin: string;
  backlogMax: string;
}

export const DEFAULT_PERCENTILES = "50, 70, 85, 95";
export const runDefaults = (trials = "10000"): RunValues => ({ trials, seed: "", percentiles: DEFAULT_PERCENTILES });
export const calendarDefaults = (): CalendarValues => ({ startDate: "", period: "7", skipWeekends: false });
export const backlogDefaults = (): BacklogValues => ({
  backlogIsRange: false,
  backlog: "",
  backlogMin: "",
  backlogMax: "",
});

export function runCandidate(v: RunValues): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (num(v.trials) !== undefined) c.trials = num(v.trials);
  if (num(v.seed) !== undefined) c.seed = num(v.seed);
  if (splitList(v.percentiles).length > 0) c.percentiles = numList(v.percentiles);
  return c;
}

/** startDate (empty → today), periodDays, and skipWeekends only with daily periods. */
export function calendarCandidate(
  v: CalendarValues,
  opts: { startDefault?: boolean } = { startDefault: true },
): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  const start = v.startDate.trim() || (opts.startDefault ? todayLocal() : "");
  if (start) c.startDate = start;
  const pd = num(v.period);
  if (pd !== undefined) c.periodDays = pd;
  if (v.skipWeekends && pd === 1) c.skipWeekends = true;
  return c;
}

export const backlogCandidate = (v: BacklogValues) =>
  v.backlogIsRange ? { min: num(v.backlogMin), max: num(v.backlogMax) } : num(v.backlog);

export function runFromInput(i: Record<string, unknown>, d: RunValues): RunValues {
  return {
    trials: str(i.trials ?? d.trials),
    seed: str(i.seed),
    percentiles: Array.isArray(i.percentiles) ? listText(i.percentiles) : d.percentiles,
  };
}
export function calendarFromInput(i: Record<string, unknown>): CalendarValues {
  return { startDate: str(i.startDate), period: str(i.periodDays ?? 7), skipWeekends: i.skipWeekends === true };
}
export function backlogFromInput(b: unknown): BacklogValues {
  const range = typeof b === "object" && b !== null ? (b as Record<string, unknown>) : null;
  return {
    backlogIsRange: range !== null,
    backlog: range ? "" : str(b),
    backlogMin: range ? str(range.min) : "",
    backlogMax: range ? str(range.max) : "",
  };
}

/** A group of form values: its defaults, its part of the task input, and the group back from a stored input. */
export interface ValueGroup<V> {
  defaults: () => V;
  candidate: (v: V) => Record<string, unknown>;
  fromInput: (i: Record<string, unknown>) => V;
}

/** What every tab but the backtest asks: the samples, the run settings, the calendar and the focus. */
export interface BaseValues extends RunValues, CalendarValues {
  samples: string;
  focus: string;
}
/** The focus factor, when it is not the default 1. */
export const focusCandidate = (v: { focus: string }) =>
  num(v.focus) !== undefined && num(v.focus) !== 1 ? { focus: num(v.focus) } : {};

export const BASE: ValueGroup<BaseValues> = {
  defaults: () => ({ samples: "", ...runDefaults(), ...calendarDefaults(), focus: "1" }),
  candidate: (v) => ({
    samples: numList(v.samples),
    ...runCandidate(v),
    ...calendarCandidate(v),
    ...focusCandidate(v),
  }),
  fromInput: (i) => ({
    samples: listText(i.samples),
    ...runFromInput(i, runDefaults()),
    ...calendarFromInput(i),
    focus: str(i.focus ?? 1),
  }),
};

/** BASE and the backlog: the "when" and deadline tabs. */
export type PlanValues = BaseValues & BacklogValues;
export const PLAN: ValueGroup<PlanValues> = {
  defaults: () => ({ ...BASE.defaults(), ...backlogDefaults() }),
  candidate: (v) => ({ ...BASE.candidate(v), backlog: backlogCandidate(v) }),
  fromInput: (i) => ({ ...BASE.fromInput(i), ...backlogFromInput(i.backlog) }),
};

/** A stored task input as a record, if it is one with a list of samples (and of each other named list). */
export function storedInput(input: unknown, ...lists: string[]): Record<string, unknown> | null {
  if (!input || typeof input !== "object") return null;
  const i = input as Record<string, unknown>;
  return ["samples", ...lists].every((k) => Array.isArray(i[k])) ? i : null;
}

/** The pre-check every tab makes: name the first token of the samples and levels (and other lists) that is not a number. */
export function listsCheck(
  v: { samples: string; percentiles: string },
  notANumber: (token: string) => string,
  more: [Path, string][] = [],
) {
  return listChecks([[["samples"], v.samples], [["percentiles"], v.percentiles], ...more], notANumber);
}
