/** The "Cut line" tab: features in priority order, each a size or a min–max range. */
import { ZForecastCutLineInput, type TForecastCutLineInput } from "../analytics.schemas";
import { num, str, type TabSpec } from "@/components/form/form-kit";
import { BASE, commonField, listsCheck, storedInput, type BaseValues } from "./forecast-values";
import type { FormMessages } from "./when-spec";
import type { TabDef } from "./tab-form";

export interface FeatureRow {
  name: string;
  /** "20", or a range "15-25" / "15–25". */
  size: string;
}

export interface CutLineValues extends BaseValues {
  features: FeatureRow[];
  deadline: string;
  maxPeriods: string;
}

export const EMPTY_FEATURE: FeatureRow = { name: "", size: "" };

export const cutLineDefaults = (): CutLineValues => ({
  ...BASE.defaults(),
  features: [{ ...EMPTY_FEATURE }, { ...EMPTY_FEATURE }],
  deadline: "",
  maxPeriods: "",
});

/** "20" → 20; "15-25", "15–25", "15 to 25" → { min, max }; "" → undefined (reported as required). */
export function parseSize(text: string): number | { min: number | undefined; max: number | undefined } | undefined {
  const m = /^\s*([^\s–—-]+)\s*(?:-|–|—|\.\.|to|a|até)\s*([^\s–—-]+)\s*$/i.exec(text);
  if (m) return { min: num(m[1]), max: num(m[2]) };
  return num(text);
}

export function cutLineCandidate(v: CutLineValues): Record<string, unknown> {
  const c = BASE.candidate(v);
  c.features = v.features.map((f) => ({ name: f.name, size: parseSize(f.size) }));
  if (v.deadline.trim()) c.deadline = v.deadline.trim();
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
    preCheck: (v) => listsCheck(v, m.notANumber),
  };
}

export function cutLineFromInput(input: unknown): CutLineValues | null {
  const i = storedInput(input, "features");
  if (!i) return null;
  const features = (i.features as unknown[]).map((f) => {
    const o = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
    const s = o.size;
    const size =
      typeof s === "object" && s !== null
        ? `${str((s as Record<string, unknown>).min)}–${str((s as Record<string, unknown>).max)}`
        : str(s);
    return { name: str(o.name), size };
  });
  return {
    ...BASE.fromInput(i),
    features,
    deadline: str(i.deadline),
    maxPeriods: str(i.maxPeriods),
  };
}

export const CUT_LINE_TAB: TabDef<CutLineValues, TForecastCutLineInput> = {
  id: "cutLine",
  spec: cutLineSpec,
  defaults: cutLineDefaults,
  deadlineDays: 84,
};
