/**
 * Quality control of one source's daily rows before fusion: values outside physical limits and
 * inconsistent pairs (Tmin > Tmax, RHmin > RHmax) are refused and recorded — never clipped into
 * plausibility (a W/m² radiation passed as MJ m⁻² d⁻¹ is refused here, not turned into 45 MJ).
 */
import { daysBetween } from "../shared/calendar";
import { DAILY_VARIABLES, type DailyVariable, type DailyWeatherRow, type WeatherSource } from "./weather";

/** Physical limits per variable, inclusive, in the variable's unit (see weather.ts). */
export const PHYSICAL_LIMITS: Readonly<Record<DailyVariable, readonly [number, number]>> = {
  tmaxC: [-90, 60], // below the Vostok record, above the Death Valley record
  tminC: [-90, 60],
  tmeanC: [-90, 60],
  tdewC: [-90, 40], // the highest dew points measured are about 35 °C
  rhmaxPct: [0, 100],
  rhminPct: [0, 100],
  rhmeanPct: [0, 100],
  wind2mMs: [0, 40], // a daily mean at 2 m; hurricanes' sustained 10 m winds reduce to about this
  rsMJm2: [0, 45], // Ra never exceeds ~45 MJ m⁻² d⁻¹ at the surface; W/m² values (100–400) are refused
  precipMm: [0, 2000], // the daily world record is about 1,825 mm
};

export type QcReason = "out-of-range" | "tmin-above-tmax" | "rhmin-above-rhmax" | "not-finite";

/** A value QC refused: which source, day and variable, what it was and why. */
export interface QcRejection {
  source: WeatherSource;
  date: string;
  variable: DailyVariable;
  value: number;
  reason: QcReason;
}

export interface QcResult {
  /** The row with refused values set to null. */
  row: DailyWeatherRow;
  rejections: QcRejection[];
  /** Non-null values the source offered for the day (the outlier share's denominator). */
  offered: number;
}

/** Checks one row of one source; pure. */
export function checkRow(source: WeatherSource, input: DailyWeatherRow): QcResult {
  const row = { ...input };
  const rejections: QcRejection[] = [];
  let offered = 0;
  const refuse = (variable: DailyVariable, reason: QcReason) => {
    rejections.push({ source, date: row.date, variable, value: row[variable] as number, reason });
    row[variable] = null;
  };
  for (const v of DAILY_VARIABLES) {
    const x = row[v];
    if (x === null || x === undefined) {
      row[v] = null;
      continue;
    }
    offered++;
    if (!Number.isFinite(x)) refuse(v, "not-finite");
    else {
      const [lo, hi] = PHYSICAL_LIMITS[v];
      if (x < lo || x > hi) refuse(v, "out-of-range");
    }
  }
  if (row.tminC !== null && row.tmaxC !== null && row.tminC > row.tmaxC) {
    refuse("tminC", "tmin-above-tmax");
    refuse("tmaxC", "tmin-above-tmax");
  }
  if (row.rhminPct !== null && row.rhmaxPct !== null && row.rhminPct > row.rhmaxPct) {
    refuse("rhminPct", "rhmin-above-rhmax");
    refuse("rhmaxPct", "rhmin-above-rhmax");
  }
  return { row, rejections, offered };
}

/**
 * A source's health over the range it returned: completeness (non-null share of the variables it
 * reports at all, over the days from its first to its last row, so a forecast source covering only
 * part of a long range is not punished for it) × (1 − share of its values QC refused).
 */
export function sourceScore(
  rows: readonly DailyWeatherRow[],
  checked: readonly QcResult[],
): { completeness: number; outlierShare: number; score: number } {
  if (rows.length === 0) return { completeness: 0, outlierShare: 0, score: 0 };
  const span = daysBetween(rows[0]!.date, rows[rows.length - 1]!.date) + 1;
  const reported = DAILY_VARIABLES.filter((v) => rows.some((r) => r[v] !== null && r[v] !== undefined));
  if (reported.length === 0) return { completeness: 0, outlierShare: 0, score: 0 };
  let present = 0;
  for (const r of rows) for (const v of reported) if (r[v] !== null && r[v] !== undefined) present++;
  const completeness = Math.min(1, present / (span * reported.length));
  const offered = checked.reduce((a, c) => a + c.offered, 0);
  const refused = checked.reduce((a, c) => a + c.rejections.length, 0);
  const outlierShare = offered ? refused / offered : 0;
  return { completeness, outlierShare, score: completeness * (1 - outlierShare) };
}
