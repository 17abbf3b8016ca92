/** The "How many" tab: a horizon in periods, or a target date turned into whole periods from the start date. */
import { daysBetween, isIsoCalendarDate, workingDaysBetween } from "@/domain/forecast/dates";
import { ZForecastHowManyInput, type TForecastHowManyInput } from "../forecast.schemas";
import { listChecks, listText, num, numList, str, todayLocal, type TabSpec } from "@/components/form/form-kit";
import {
  calendarDefaults,
  commonField,
  runCandidate,
  runDefaults,
  runFromInput,
  type CalendarValues,
  type RunValues,
} from "./forecast-values";
import type { FormMessages } from "./when-spec";

export interface HowManyValues extends RunValues, CalendarValues {
  samples: string;
  horizon: "periods" | "date";
  periods: string;
  targetDate: string;
  focus: string;
}

export const howManyDefaults = (): HowManyValues => ({
  samples: "",
  horizon: "periods",
  periods: "10",
  targetDate: "",
  ...runDefaults(),
  ...calendarDefaults(),
  focus: "1",
});

/** Whole periods from the start date up to the target date (working days when weekends are skipped); null if a date is bad. */
export function periodsUntil(
  v: Pick<HowManyValues, "startDate" | "targetDate" | "period" | "skipWeekends">,
): number | null {
  const start = v.startDate.trim() || todayLocal();
  const target = v.targetDate.trim();
  if (!isIsoCalendarDate(start) || !isIsoCalendarDate(target)) return null;
  const pd = num(v.period) ?? 7;
  if (pd === 1 && v.skipWeekends) return workingDaysBetween(start, target);
  return Math.floor(daysBetween(start, target) / pd);
}

export function howManyCandidate(v: HowManyValues): Record<string, unknown> {
  const c: Record<string, unknown> = {
    samples: numList(v.samples),
    periods: v.horizon === "date" ? (periodsUntil(v) ?? undefined) : num(v.periods),
    ...runCandidate(v),
  };
  if (num(v.focus) !== undefined && num(v.focus) !== 1) c.focus = num(v.focus);
  return c;
}

export function howManySpec(m: FormMessages): TabSpec<HowManyValues, TForecastHowManyInput> {
  return {
    schema: ZForecastHowManyInput,
    toCandidate: howManyCandidate,
    fieldFor: (path, v) => {
      if (path[0] === "periods") return [v.horizon === "date" ? "targetDate" : "periods"];
      return commonField(path) ?? null;
    },
    preCheck: (v) => {
      const out = listChecks(
        [
          [["samples"], v.samples],
          [["percentiles"], v.percentiles],
        ],
        m.notANumber,
      );
      if (v.horizon === "date") {
        const p = periodsUntil(v);
        if (p === null || p < 1) out.push({ path: ["targetDate"], message: m.targetDate });
      }
      return out;
    },
  };
}

export function howManyFromInput(input: unknown): HowManyValues | null {
  if (!input || typeof input !== "object") return null;
  const i = input as Record<string, unknown>;
  if (!Array.isArray(i.samples)) return null;
  const d = howManyDefaults();
  return {
    ...d,
    samples: listText(i.samples),
    periods: str(i.periods),
    ...runFromInput(i, d),
    focus: str(i.focus ?? 1),
  };
}
