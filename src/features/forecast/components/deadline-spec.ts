/** The "Deadline risk" tab: chance of finishing by a deadline and the scope reachable by it, optionally trend-aware. */
import { ZForecastDeadlineRunInput, type TForecastDeadlineInput } from "../analytics.schemas";
import { num, str, type TabSpec } from "@/components/form/form-kit";
import { commonField, listsCheck, PLAN, storedInput, type PlanValues } from "./forecast-values";
import type { FormMessages } from "./when-spec";
import type { TabDef } from "./tab-form";

export type TrendModel = "none" | "recent" | "fitted";

export interface DeadlineValues extends PlanValues {
  deadline: string;
  trend: TrendModel;
  halfLife: string;
}

export const deadlineDefaults = (): DeadlineValues => ({
  ...PLAN.defaults(),
  deadline: "",
  trend: "none",
  halfLife: "",
});

export function deadlineCandidate(v: DeadlineValues): Record<string, unknown> {
  const c = PLAN.candidate(v);
  // Required by the schema: an empty deadline is reported as missing.
  c.deadline = v.deadline.trim() || undefined;
  c.trend = v.trend;
  if (v.trend === "recent" && num(v.halfLife) !== undefined) c.halfLife = num(v.halfLife);
  return c;
}

export function deadlineSpec(m: FormMessages): TabSpec<DeadlineValues, TForecastDeadlineInput> {
  return {
    schema: ZForecastDeadlineRunInput,
    toCandidate: deadlineCandidate,
    fieldFor: (path, v) => {
      const common = commonField(path, { isRange: v.backlogIsRange });
      if (common !== undefined) return common;
      return path[0] === "trend" || path[0] === "halfLife" ? [path[0]] : null;
    },
    preCheck: (v) => listsCheck(v, m.notANumber),
  };
}

export function deadlineFromInput(input: unknown): DeadlineValues | null {
  const i = storedInput(input);
  if (!i) return null;
  const trend: TrendModel = i.trend === "recent" || i.trend === "fitted" ? i.trend : "none";
  return {
    ...PLAN.fromInput(i),
    deadline: str(i.deadline),
    trend,
    halfLife: str(i.halfLife),
  };
}

export const DEADLINE_TAB: TabDef<DeadlineValues, TForecastDeadlineInput> = {
  id: "deadline",
  spec: deadlineSpec,
  defaults: deadlineDefaults,
  deadlineDays: 84,
};
