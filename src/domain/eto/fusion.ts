/**
 * Fusion of several sources' daily weather for one place and date range into one series, with
 * per-day, per-variable provenance. Steps: QC each source's rows (qc.ts); drop a source whose
 * completeness × (1 − refused share) is under the breaker threshold; per day and variable, the
 * weighted mean of the sources that have a value (fusion-weights.ts: historical tier first, forecast
 * tier as gap-filler, weights renormalised); linear interpolation over gaps up to `gapMaxDays`;
 * then the check that Tmax, Tmin (and wind, unless the FAO default may stand in) exist every day.
 * When they do not, `InsufficientWeatherError` names the variable and the days: no weather is invented.
 * Missing radiation or humidity is left to the engine's FAO-56 rules (Hargreaves Rs, ea from Tmin)
 * and marked "estimated" here.
 */
import { addDays } from "../shared/calendar";
import { checkRow, sourceScore, type QcRejection } from "./qc";
import { daysBetween, fillGaps } from "./gaps";
import { FORECAST_SOURCES, HISTORICAL_SOURCES, weightOf, type WeightOverrides } from "./fusion-weights";
import {
  DAILY_VARIABLES,
  type DailyVariable,
  type DailyWeatherRow,
  type SourceSeries,
  type WeatherSource,
} from "./weather";

export type { WeightOverrides, SourceWeight } from "./fusion-weights";

export type EstimateMethod = "hargreaves-rs" | "ea-from-tmin" | "fao-default-wind";

/** Where one fused value came from. */
export type VariableProvenance =
  | { kind: "fused"; sources: { source: WeatherSource; weight: number }[] }
  | { kind: "interpolated"; between: [string, string] }
  | { kind: "estimated"; method: EstimateMethod }
  | { kind: "missing" };

export interface FusedDay {
  date: string;
  values: { [V in DailyVariable]: number | null };
  provenance: { [V in DailyVariable]: VariableProvenance };
  /** Open-Meteo's own FAO-56 ETo for the day, when an Open-Meteo source that was used gave one. */
  referenceEtoMm: number | null;
}

export interface DroppedSource {
  source: WeatherSource;
  reason: string;
  completeness: number;
  outlierShare: number;
  score: number;
}

export interface FusionResult {
  days: FusedDay[];
  sourcesUsed: WeatherSource[];
  droppedSources: DroppedSource[];
  /** Values QC refused (the first 200; `rejectedCount` is the total). */
  rejected: QcRejection[];
  rejectedCount: number;
  /** Days with at least one interpolated variable. */
  interpolatedDays: number;
}

export interface FusionOptions {
  start: string;
  end: string;
  site: { latitude: number; longitude: number };
  weights?: WeightOverrides;
  /** Longest run of missing days filled by interpolation (default 3). */
  gapMaxDays?: number;
  /** A source whose completeness × (1 − refused share) is below this is dropped (default 0.6). */
  breakerThreshold?: number;
  /** Missing wind may be the FAO-56 default of 2 m/s (marked estimated); otherwise it is insufficient data. */
  allowDefaultWind?: boolean;
}

export const DEFAULT_GAP_MAX_DAYS = 3;
export const DEFAULT_BREAKER_THRESHOLD = 0.6;
const MAX_REJECTIONS_KEPT = 200;
const HUMIDITY: readonly DailyVariable[] = ["rhmaxPct", "rhminPct", "rhmeanPct", "tdewC"];
/** Precipitation is not interpolated: rain is not smooth between days. */
const NOT_INTERPOLATED = new Set<DailyVariable>(["precipMm"]);

/** Not enough weather for ETo: `variable` is missing on `days` after fusion and gap filling. */
export class InsufficientWeatherError extends Error {
  override readonly name = "InsufficientWeatherError";
  constructor(
    readonly variable: DailyVariable,
    readonly days: string[],
    detail: string,
  ) {
    super(`not enough weather data: ${variable} is missing on ${describeDays(days)}${detail}; no value is invented`);
  }
}

/** "2024-01-03..2024-01-05, 2024-01-09 (4 days)" — runs of consecutive days, the first 8 runs. */
export function describeDays(days: readonly string[]): string {
  const runs: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    const next = (d: string) => addDays(d, 1);
    while (j + 1 < days.length && days[j + 1] === next(days[j]!)) j++;
    runs.push(j > i ? `${days[i]}..${days[j]}` : days[i]!);
    i = j + 1;
  }
  const shown = runs.slice(0, 8).join(", ") + (runs.length > 8 ? `, … (${runs.length - 8} more runs)` : "");
  return `${shown} (${days.length} day${days.length === 1 ? "" : "s"})`;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function fuseDailyWeather(series: readonly SourceSeries[], o: FusionOptions): FusionResult {
  const dates = daysBetween(o.start, o.end);
  const inRange = new Set(dates);
  const gapMax = o.gapMaxDays ?? DEFAULT_GAP_MAX_DAYS;
  const threshold = o.breakerThreshold ?? DEFAULT_BREAKER_THRESHOLD;
  const rejected: QcRejection[] = [];
  let rejectedCount = 0;
  const droppedSources: DroppedSource[] = [];
  const used = new Map<WeatherSource, { rows: Map<string, DailyWeatherRow>; series: SourceSeries }>();

  for (const s of series) {
    const rows = s.days.filter((r) => inRange.has(r.date));
    const checked = rows.map((r) => checkRow(s.source, r));
    for (const c of checked) {
      rejectedCount += c.rejections.length;
      for (const r of c.rejections) if (rejected.length < MAX_REJECTIONS_KEPT) rejected.push(r);
    }
    const h = sourceScore(rows, checked);
    const stats = {
      completeness: round(h.completeness, 3),
      outlierShare: round(h.outlierShare, 3),
      score: round(h.score, 3),
    };
    if (rows.length === 0) droppedSources.push({ source: s.source, reason: "no days in the range", ...stats });
    else if (h.score < threshold)
      droppedSources.push({
        source: s.source,
        reason: `quality ${Math.round(h.score * 100)} % < ${Math.round(threshold * 100)} % (completeness ${Math.round(h.completeness * 100)} %, refused ${Math.round(h.outlierShare * 100)} %)`,
        ...stats,
      });
    else used.set(s.source, { rows: new Map(checked.map((c) => [c.row.date, c.row])), series: s });
  }

  const tiers = [HISTORICAL_SOURCES, FORECAST_SOURCES].map((t) => t.filter((src) => used.has(src)));
  const days: FusedDay[] = dates.map((date) => {
    const values = {} as FusedDay["values"];
    const provenance = {} as FusedDay["provenance"];
    for (const v of DAILY_VARIABLES) {
      values[v] = null;
      provenance[v] = { kind: "missing" };
      for (const tier of tiers) {
        const present = tier.flatMap((src) => {
          const x = used.get(src)!.rows.get(date)?.[v];
          const w = weightOf(src, v, o.site, o.weights);
          return x !== null && x !== undefined && w > 0 ? [{ source: src, x, w }] : [];
        });
        if (!present.length) continue;
        const total = present.reduce((a, p) => a + p.w, 0);
        values[v] = present.reduce((a, p) => a + p.x * p.w, 0) / total;
        provenance[v] = {
          kind: "fused",
          sources: present.map((p) => ({ source: p.source, weight: round(p.w / total, 3) })),
        };
        break;
      }
    }
    // Weights differ per variable, so a fused pair can cross even when every source's pair was consistent.
    if (values.tminC !== null && values.tmaxC !== null && values.tminC > values.tmaxC) {
      for (const v of ["tminC", "tmaxC"] as const) {
        values[v] = null;
        provenance[v] = { kind: "missing" };
      }
    }
    return { date, values, provenance, referenceEtoMm: referenceEto(used, date) };
  });

  const interpolated = new Set<string>();
  for (const v of DAILY_VARIABLES) {
    if (NOT_INTERPOLATED.has(v)) continue;
    const { values, filled } = fillGaps(
      days.map((d) => d.values[v]),
      gapMax,
    );
    const isFilled = new Set(filled);
    for (const k of filled) {
      let a = k - 1;
      while (isFilled.has(a)) a--;
      let b = k + 1;
      while (isFilled.has(b)) b++;
      days[k]!.values[v] = values[k]!;
      days[k]!.provenance[v] = { kind: "interpolated", between: [dates[a]!, dates[b]!] };
      interpolated.add(dates[k]!);
    }
  }

  const required: DailyVariable[] = ["tmaxC", "tminC", ...(o.allowDefaultWind ? [] : (["wind2mMs"] as const))];
  const usedNames = [...used.keys()];
  const detail =
    ` (sources used: ${usedNames.join(", ") || "none"}` +
    (droppedSources.length ? `; dropped: ${droppedSources.map((d) => `${d.source} — ${d.reason}`).join("; ")}` : "") +
    `; gaps of up to ${gapMax} day${gapMax === 1 ? "" : "s"} are interpolated)`;
  for (const v of required) {
    const missing = days.filter((d) => d.values[v] === null).map((d) => d.date);
    if (missing.length) throw new InsufficientWeatherError(v, missing, detail);
  }

  for (const d of days) {
    if (d.values.rsMJm2 === null) d.provenance.rsMJm2 = { kind: "estimated", method: "hargreaves-rs" };
    if (HUMIDITY.every((v) => d.values[v] === null))
      for (const v of HUMIDITY) d.provenance[v] = { kind: "estimated", method: "ea-from-tmin" };
    if (d.values.wind2mMs === null) d.provenance.wind2mMs = { kind: "estimated", method: "fao-default-wind" };
  }

  return {
    days,
    sourcesUsed: usedNames,
    droppedSources,
    rejected,
    rejectedCount,
    interpolatedDays: interpolated.size,
  };
}

function referenceEto(used: ReadonlyMap<WeatherSource, { series: SourceSeries }>, date: string): number | null {
  for (const src of ["open-meteo-archive", "open-meteo-forecast"] as const) {
    const x = used.get(src)?.series.referenceEtoMm?.[date];
    if (typeof x === "number" && Number.isFinite(x)) return x;
  }
  return null;
}
