/**
 * The forms' optional "Stop when P85 is known to ±N days" (issue 21): off by default (the run keeps a
 * fixed trial count); on, it adds `precision: { percentile, within, unit }` to the input. "When" asks
 * in days or periods, "how many" in items (its percentiles are counts of items: no unit to pick).
 */
import { num, str, type Path } from "@/components/form/form-kit";

export interface PrecisionValues {
  precisionOn: boolean;
  precisionPercentile: string;
  precisionWithin: string;
  /** "days" or "periods" ("when"); "items" ("how many"). */
  precisionUnit: string;
}

export const precisionDefaults = (unit: "days" | "items"): PrecisionValues => ({
  precisionOn: false,
  precisionPercentile: "85",
  precisionWithin: unit === "days" ? "1" : "2",
  precisionUnit: unit,
});

/** The input's `precision`, only when the option is on ("items" is how many's own unit: not sent). */
export function precisionCandidate(v: PrecisionValues): Record<string, unknown> {
  if (!v.precisionOn) return {};
  const precision: Record<string, unknown> = { percentile: num(v.precisionPercentile), within: num(v.precisionWithin) };
  if (v.precisionUnit !== "items") precision.unit = v.precisionUnit;
  return { precision };
}

/** A stored input's `precision` back to form text (the option on when it has one). */
export function precisionFromInput(i: Record<string, unknown>, unit: "days" | "items"): PrecisionValues {
  const p = typeof i.precision === "object" && i.precision !== null ? (i.precision as Record<string, unknown>) : null;
  if (!p) return precisionDefaults(unit);
  return {
    precisionOn: true,
    precisionPercentile: str(p.percentile),
    precisionWithin: str(p.within),
    precisionUnit: typeof p.unit === "string" ? p.unit : unit === "days" ? "periods" : "items",
  };
}

/** The form field of a `precision.*` issue; undefined for other paths. */
export function precisionField(path: Path): Path | undefined {
  if (path[0] !== "precision") return undefined;
  if (path[1] === "percentile") return ["precisionPercentile"];
  if (path[1] === "unit") return ["precisionUnit"];
  return ["precisionWithin"];
}
