/** The "When" tab: form values ↔ the forecast.when input (ZForecastWhenRunInput: up to 10^9 trials, split into chunk runs when large), including the advanced options. */
import { ZForecastWhenRunInput, type TForecastWhenInput } from "../forecast.schemas";
import { listText, num, numList, splitList, str, type FormIssue, type TabSpec } from "@/components/form/form-kit";
import { commonField, listsCheck, PLAN, storedInput, type PlanValues } from "./forecast-values";
import type { TabDef } from "./tab-form";
import {
  precisionCandidate,
  precisionDefaults,
  precisionField,
  precisionFromInput,
  type PrecisionValues,
} from "./precision-spec";

export interface RiskRow {
  /** Percent, 0–100 (the input stores a fraction). */
  likelihood: string;
  low: string;
  mode: string;
  high: string;
}

export interface WhenValues extends PlanValues, PrecisionValues {
  deadline: string;
  maxPeriods: string;
  splitRates: string;
  risks: RiskRow[];
  teamHistorical: string;
  teamCurrent: string;
  sCurveMin: string;
  sCurveMax: string;
  sCurveSize: string;
  leadTimes: string;
}

export interface FormMessages {
  notANumber: (token: string) => string;
  likelihood: string;
  targetDate: string;
}

export const EMPTY_RISK: RiskRow = { likelihood: "", low: "", mode: "", high: "" };

export const whenDefaults = (): WhenValues => ({
  ...PLAN.defaults(),
  deadline: "",
  maxPeriods: "",
  splitRates: "",
  risks: [],
  teamHistorical: "",
  teamCurrent: "",
  sCurveMin: "",
  sCurveMax: "",
  sCurveSize: "",
  leadTimes: "",
  ...precisionDefaults("days"),
});

const filled = (...xs: string[]) => xs.some((x) => x.trim() !== "");

export function whenCandidate(v: WhenValues): Record<string, unknown> {
  const c = PLAN.candidate(v);
  if (v.deadline.trim()) c.deadline = v.deadline.trim();
  if (num(v.maxPeriods) !== undefined) c.maxPeriods = num(v.maxPeriods);
  if (splitList(v.splitRates).length > 0) c.splitRate = numList(v.splitRates);
  if (v.risks.length > 0)
    c.risks = v.risks.map((r) => {
      const l = num(r.likelihood);
      return {
        likelihood: l === undefined ? undefined : l / 100,
        low: num(r.low),
        mode: num(r.mode),
        high: num(r.high),
      };
    });
  if (filled(v.teamHistorical, v.teamCurrent))
    c.team = { historical: num(v.teamHistorical), current: num(v.teamCurrent) };
  if (filled(v.sCurveMin, v.sCurveMax, v.sCurveSize))
    c.sCurve = { min: num(v.sCurveMin), max: num(v.sCurveMax), size: num(v.sCurveSize) };
  if (splitList(v.leadTimes).length > 0) c.leadTimes = numList(v.leadTimes);
  return { ...c, ...precisionCandidate(v) };
}

const NESTED: Record<string, Record<string, string>> = {
  team: { historical: "teamHistorical", current: "teamCurrent", "": "teamHistorical" },
  sCurve: { min: "sCurveMin", max: "sCurveMax", size: "sCurveSize", "": "sCurveMin" },
};

export function whenSpec(m: FormMessages): TabSpec<WhenValues, TForecastWhenInput> {
  return {
    schema: ZForecastWhenRunInput,
    toCandidate: whenCandidate,
    fieldFor: (path, v) => {
      const common = commonField(path, { isRange: v.backlogIsRange });
      if (common !== undefined) return common;
      const precision = precisionField(path);
      if (precision) return precision;
      const [head, sub, leaf] = path;
      if (head === "splitRate") return ["splitRates"];
      if (head === "leadTimes") return ["leadTimes"];
      if (head === "risks") return typeof sub === "number" && typeof leaf === "string" ? ["risks", sub, leaf] : null;
      if (head === "team" || head === "sCurve")
        return [NESTED[head]![typeof sub === "string" ? sub : ""] ?? NESTED[head]![""]!];
      return null;
    },
    preCheck: (v) => {
      const out: FormIssue[] = listsCheck(v, m.notANumber, [
        [["splitRates"], v.splitRates],
        [["leadTimes"], v.leadTimes],
      ]);
      v.risks.forEach((r, i) => {
        const l = num(r.likelihood);
        if (l !== undefined && !(l >= 0 && l <= 100))
          out.push({ path: ["risks", i, "likelihood"], message: m.likelihood });
      });
      return out;
    },
  };
}

/** A stored forecast.when input back to form text (after a reload). */
export function whenFromInput(input: unknown): WhenValues | null {
  const i = storedInput(input);
  if (!i) return null;
  const obj = (x: unknown) => (typeof x === "object" && x !== null ? (x as Record<string, unknown>) : {});
  const team = obj(i.team);
  const s = obj(i.sCurve);
  const risks = Array.isArray(i.risks)
    ? i.risks.map((r) => {
        const o = obj(r);
        return {
          likelihood: typeof o.likelihood === "number" ? String(Math.round(o.likelihood * 10000) / 100) : "",
          low: str(o.low),
          mode: str(o.mode),
          high: str(o.high),
        };
      })
    : [];
  return {
    ...PLAN.fromInput(i),
    deadline: str(i.deadline),
    maxPeriods: str(i.maxPeriods),
    splitRates: listText(i.splitRate),
    risks,
    teamHistorical: str(team.historical),
    teamCurrent: str(team.current),
    sCurveMin: str(s.min),
    sCurveMax: str(s.max),
    sCurveSize: str(s.size),
    leadTimes: listText(i.leadTimes),
    ...precisionFromInput(i, "days"),
  };
}

/** Whether any advanced option is set (the fold opens by itself then). */
export const hasAdvanced = (v: WhenValues) =>
  v.risks.length > 0 ||
  filled(v.splitRates, v.teamHistorical, v.teamCurrent, v.sCurveMin, v.sCurveMax, v.sCurveSize, v.leadTimes);

export const WHEN_TAB: TabDef<WhenValues, TForecastWhenInput> = { id: "when", spec: whenSpec, defaults: whenDefaults };
