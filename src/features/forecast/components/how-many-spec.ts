/** The "How many" tab: a horizon in periods, or a target date turned into whole periods from the start date. */
import { daysBetween, isIsoCalendarDate, workingDaysBetween } from "@/domain/forecast/dates";
import { ZForecastHowManyRunInput, type TForecastHowManyInput } from "../forecast.schemas";
import { num, numList, str, todayLocal, type TabSpec } from "@/components/form/form-kit";
import {
  BASE,
  commonField,
  focusCandidate,
  listsCheck,
  runCandidate,
  storedInput,
  type BaseValues,
} from "./forecast-values";
import type { FormMessages } from "./when-spec";
import type { TabDef } from "./tab-form";
import {
  precisionCandidate,
  precisionDefaults,
  precisionField,
  precisionFromInput,
  type PrecisionValues,
} from "./precision-spec";

export interface HowManyValues extends BaseValues, PrecisionValues {
  horizon: "periods" | "date";
  periods: string;
  targetDate: string;
}

export const howManyDefaults = (): HowManyValues => ({
  ...BASE.defaults(),
  horizon: "periods",
  periods: "10",
  targetDate: "",
  ...precisionDefaults("items"),
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
  // No calendar: the target date is turned into periods here.
  return {
    samples: numList(v.samples),
    periods: v.horizon === "date" ? (periodsUntil(v) ?? undefined) : num(v.periods),
    ...runCandidate(v),
    ...focusCandidate(v),
    ...precisionCandidate(v),
  };
}

export function howManySpec(m: FormMessages): TabSpec<HowManyValues, TForecastHowManyInput> {
  return {
    schema: ZForecastHowManyRunInput,
    toCandidate: howManyCandidate,
    fieldFor: (path, v) => {
      if (path[0] === "periods") return [v.horizon === "date" ? "targetDate" : "periods"];
      return commonField(path) ?? precisionField(path) ?? null;
    },
    preCheck: (v) => {
      const out = listsCheck(v, m.notANumber);
      if (v.horizon === "date") {
        const p = periodsUntil(v);
        if (p === null || p < 1) out.push({ path: ["targetDate"], message: m.targetDate });
      }
      return out;
    },
  };
}

export function howManyFromInput(input: unknown): HowManyValues | null {
  const i = storedInput(input);
  if (!i) return null;
  return {
    ...howManyDefaults(),
    ...BASE.fromInput(i),
    periods: str(i.periods),
    ...precisionFromInput(i, "items"),
  };
}

export const HOW_MANY_TAB: TabDef<HowManyValues, TForecastHowManyInput> = {
  id: "howMany",
  spec: howManySpec,
  defaults: howManyDefaults,
};
