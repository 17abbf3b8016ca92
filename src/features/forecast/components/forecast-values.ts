/** The forecast forms' shared values (run, calendar, backlog): defaults, their task input and back. */
import { listText, num, numList, type Path, splitList, str, todayLocal } from "@/components/form/form-kit";

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
