/** The "Cut line" tab: features in priority order, each a size or a min–max range. */
import { ZForecastCutLineInput, type TForecastCutLineInput } from "../analytics.schemas";
import { listChecks, listText, num, numList, str, type TabSpec } from "@/components/form/form-kit";
import {
  calendarCandidate,
  calendarDefaults,
  calendarFromInput,
  commonField,
  runCandidate,
  runDefaults,
  runFromInput,
  type CalendarValues,
  type RunValues,
} from "./forecast-values";
import type { FormMessages } from "./when-spec";

export interface FeatureRow {
  name: string;
  /** "20", or a range "15-25" / "15–25". */
  size: string;
}

export interface CutLineValues extends RunValues, CalendarValues {
  samples: string;
  features: FeatureRow[];
  deadline: string;
  focus: string;
  maxPeriods: string;
}

export const EMPTY_FEATURE: FeatureRow = { name: "", size: "" };

export const cutLineDefaults = (): CutLineValues => ({
  samples: "",
  features: [{ ...EMPTY_FEATURE }, { ...EMPTY_FEATURE }],
  ...runDefaults(),
  ...calendarDefaults(),
  deadline: "",
  focus: "1",
  maxPeriods: "",
});

/** "20" → 20; "15-25", "15–25", "15 to 25" → { min, max }; "" → undefined (reported as required). */
export function parseSize(text: string): number | { min: number | undefined; max: number | undefined } | undefined {
  const m = /^\s*([^\s–—-]+)\s*(?:-|–|—|\.\.|to|a|até)\s*([^\s–—-]+)\s*$/i.exec(text);
  if (m) return { min: num(m[1]), max: num(m[2]) };
  return num(text);
}

export function cutLineCandidate(v: CutLineValues): Record<string, unknown> {
  const c: Record<string, unknown> = {
    samples: numList(v.samples),
    features: v.features.map((f) => ({ name: f.name, size: parseSize(f.size) })),
    ...runCandidate(v),
    ...calendarCandidate(v),
  };
  if (v.deadline.trim()) c.deadline = v.deadline.trim();
  if (num(v.focus) !== undefined && num(v.focus) !== 1) c.focus = num(v.focus);
  if (num(v.maxPeriods) !== undefined) c.maxPeriods = num(v.maxPeriods);
  return c;
}

export function cutLineSpec(m: FormMessages): TabSpec<CutLineValues, TForecastCutLineInput> {
  return {
    schema: ZForecastCutLineInput,
    toCandidate: cutLineCandidate,
    fieldFor: (path) => {
      const [head, i, leaf] = path;
      if (head === "features") return typeof i === "number" ? ["features", i, leaf === "name" ? "name" : "size"] : null;
      return commonField(path) ?? null;
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

export function cutLineFromInput(input: unknown): CutLineValues | null {
  if (!input || typeof input !== "object") return null;
  const i = input as Record<string, unknown>;
  if (!Array.isArray(i.samples) || !Array.isArray(i.features)) return null;
  const d = cutLineDefaults();
  const features = i.features.map((f) => {
    const o = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
    const s = o.size;
    const size =
      typeof s === "object" && s !== null
        ? `${str((s as Record<string, unknown>).min)}–${str((s as Record<string, unknown>).max)}`
        : str(s);
    return { name: str(o.name), size };
  });
  return {
    ...d,
    samples: listText(i.samples),
    features,
    ...runFromInput(i, d),
    ...calendarFromInput(i),
    deadline: str(i.deadline),
    focus: str(i.focus ?? 1),
    maxPeriods: str(i.maxPeriods),
  };
}
