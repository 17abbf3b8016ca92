import { isRecord } from "../shared/guards";
/**
 * What a saved forecast says at a glance (its key figures), and how the "when" forecasts of a
 * project converged as the work went on. Pure: reads the stored result defensively, since results
 * of older engine versions may lack fields.
 */

export const FORECAST_KINDS = ["when", "howMany", "deadline", "backtest", "cutLine"] as const;
export type ForecastKind = (typeof FORECAST_KINDS)[number];

/** "forecast.when" → "when"; null for any other task. */
export function kindOfTask(task: string): ForecastKind | null {
  const m = /^forecast\.(\w+)$/.exec(task);
  return m && (FORECAST_KINDS as readonly string[]).includes(m[1]!) ? (m[1] as ForecastKind) : null;
}

/** The parts of a stored result the figures are read from (the repository selects only these). */
export interface ForecastSummary {
  percentiles?: unknown;
  dates?: unknown;
  probabilityByDeadline?: unknown;
  probability?: unknown;
  scope?: unknown;
  coverage?: unknown;
  features?: unknown;
}

export interface KeyFigures {
  /** What `values` hold: completion dates, periods, items, coverage rates (0..1) or per-feature P85. */
  unit: "date" | "periods" | "items" | "coverage" | "feature";
  /** Keyed by level ("50", "85", …), or by feature name for "feature". */
  values: Record<string, string | number | null>;
  /** P(done by the deadline), when the forecast had one. */
  probability?: number;
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);
const str = (x: unknown): string | null => (typeof x === "string" ? x : null);

function pick(x: unknown, read: (v: unknown) => string | number | null): Record<string, string | number | null> {
  if (!isRecord(x)) return {};
  const out: Record<string, string | number | null> = {};
  for (const k of Object.keys(x).sort((a, b) => Number(a) - Number(b))) out[k] = read(x[k]);
  return out;
}

export function keyFigures(kind: ForecastKind, s: ForecastSummary): KeyFigures {
  switch (kind) {
    case "when": {
      const dates = pick(s.dates, str);
      const probability = num(s.probabilityByDeadline);
      const base = Object.keys(dates).length
        ? { unit: "date" as const, values: dates }
        : { unit: "periods" as const, values: pick(s.percentiles, num) };
      return probability === null ? base : { ...base, probability };
    }
    case "howMany":
      return { unit: "items", values: pick(s.percentiles, num) };
    case "deadline": {
      const probability = num(s.probability);
      return { unit: "items", values: pick(s.scope, num), ...(probability === null ? {} : { probability }) };
    }
    case "backtest":
      return { unit: "coverage", values: pick(s.coverage, (c) => (isRecord(c) ? num(c.rate) : null)) };
    case "cutLine": {
      const values: Record<string, string | number | null> = {};
      for (const f of Array.isArray(s.features) ? s.features : []) {
        if (!isRecord(f) || typeof f.name !== "string") continue;
        const date = isRecord(f.dates) ? str(f.dates["85"]) : null;
        values[f.name] = date ?? (isRecord(f.percentiles) ? num(f.percentiles["85"]) : null);
      }
      return { unit: "feature", values };
    }
  }
}

export interface ConvergencePoint {
  forecastId: string;
  /** When the forecast was saved (ISO timestamp). */
  madeOn: string;
  kind: "when";
  label: string | null;
  p50: string | null;
  p85: string | null;
  p95: string | null;
}

/** The completion dates (P50/P85/P95) of each saved "when" forecast that had a start date, oldest first. */
export function convergence(
  forecasts: readonly { id: string; kind: string; createdAt: string; label: string | null; summary: ForecastSummary }[],
): ConvergencePoint[] {
  return forecasts
    .filter((f) => f.kind === "when" && isRecord(f.summary.dates))
    .map((f) => {
      const d = f.summary.dates as Record<string, unknown>;
      return {
        forecastId: f.id,
        madeOn: f.createdAt,
        kind: "when" as const,
        label: f.label,
        p50: str(d["50"]),
        p85: str(d["85"]),
        p95: str(d["95"]),
      };
    })
    .sort((a, b) => (a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : 0));
}

/** The date of the first actual (by date) with nothing remaining; null while work remains. */
export function actualCompletion(actuals: readonly { date: string; remaining: number | null }[]): string | null {
  let best: string | null = null;
  for (const a of actuals) if (a.remaining === 0 && (best === null || a.date < best)) best = a.date;
  return best;
}
