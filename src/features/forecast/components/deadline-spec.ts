/** The "Deadline risk" tab: chance of finishing by a deadline and the scope reachable by it, optionally trend-aware. */
import { ZForecastDeadlineInput, type TForecastDeadlineInput } from "../analytics.schemas";
import { listChecks, listText, num, numList, str, type TabSpec } from "@/components/form/form-kit";
import {
  backlogCandidate,
  backlogDefaults,
  backlogFromInput,
  calendarCandidate,
  calendarDefaults,
  calendarFromInput,
  commonField,
  runCandidate,
  runDefaults,
  runFromInput,
  type BacklogValues,
  type CalendarValues,
  type RunValues,
} from "./forecast-values";
import type { FormMessages } from "./when-spec";

export type TrendModel = "none" | "recent" | "fitted";

export interface DeadlineValues extends BacklogValues, RunValues, CalendarValues {
  samples: string;
  deadline: string;
  focus: string;
  trend: TrendModel;
  halfLife: string;
}

export const deadlineDefaults = (): DeadlineValues => ({
  samples: "",
  ...backlogDefaults(),
  ...runDefaults(),
  ...calendarDefaults(),
  deadline: "",
  focus: "1",
  trend: "none",
  halfLife: "",
});

export function deadlineCandidate(v: DeadlineValues): Record<string, unknown> {
  const c: Record<string, unknown> = {
    samples: numList(v.samples),
    backlog: backlogCandidate(v),
    ...runCandidate(v),
    ...calendarCandidate(v),
  };
  // Required by the schema: an empty deadline is reported as missing.
  c.deadline = v.deadline.trim() || undefined;
  if (num(v.focus) !== undefined && num(v.focus) !== 1) c.focus = num(v.focus);
  c.trend = v.trend;
  if (v.trend === "recent" && num(v.halfLife) !== undefined) c.halfLife = num(v.halfLife);
  return c;
}

export function deadlineSpec(m: FormMessages): TabSpec<DeadlineValues, TForecastDeadlineInput> {
  return {
    schema: ZForecastDeadlineInput,
    toCandidate: deadlineCandidate,
    fieldFor: (path, v) => {
      const common = commonField(path, { isRange: v.backlogIsRange });
      if (common !== undefined) return common;
      return path[0] === "trend" || path[0] === "halfLife" ? [path[0]] : null;
    },
    preCheck: (v) =>
      listChecks(
        [
          [["samples"], v.samples],
          [["percentiles"], v.percentiles],
        ],
        m.notANumber,
      ),
  };
}

export function deadlineFromInput(input: unknown): DeadlineValues | null {
  if (!input || typeof input !== "object") return null;
  const i = input as Record<string, unknown>;
  if (!Array.isArray(i.samples)) return null;
  const d = deadlineDefaults();
  const trend: TrendModel = i.trend === "recent" || i.trend === "fitted" ? i.trend : "none";
  return {
    ...d,
    samples: listText(i.samples),
    ...backlogFromInput(i.backlog),
    ...runFromInput(i, d),
    ...calendarFromInput(i),
    deadline: str(i.deadline),
    focus: str(i.focus ?? 1),
    trend,
    halfLife: str(i.halfLife),
  };
}
