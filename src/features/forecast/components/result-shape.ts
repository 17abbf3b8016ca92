/**
 * The stored results as the views read them. Results arrive as unknown JSON (a run's `result`
 * column): each `as…` function checks the shape the view needs and returns null otherwise, so the
 * caller falls back to showing the raw JSON. Optional parts are dropped when malformed.
 */

type Rec = Record<string, unknown>;
export const isRec = (x: unknown): x is Rec => typeof x === "object" && x !== null && !Array.isArray(x);
export const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
export const numOr = (x: unknown, d: number) => (isNum(x) ? x : d);

/** Keys that are percent levels, ascending ("50", "85"…). */
export function levelsOf(rec: Record<string, unknown> | undefined | null): string[] {
  if (!rec) return [];
  return Object.keys(rec)
    .filter((k) => Number.isFinite(Number(k)))
    .sort((a, b) => Number(a) - Number(b));
}

export function numRecord(x: unknown, allowNull: true): Record<string, number | null> | null;
export function numRecord(x: unknown, allowNull: false): Record<string, number> | null;
export function numRecord(x: unknown, allowNull: boolean): Record<string, number | null> | null {
  if (!isRec(x)) return null;
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(x)) {
    if (isNum(v)) out[k] = v;
    else if (v === null && allowNull) out[k] = null;
    else return null;
  }
  return out;
}

export function strRecord(x: unknown): Record<string, string | null> | undefined {
  if (!isRec(x)) return undefined;
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(x)) out[k] = typeof v === "string" ? v : null;
  return out;
}

export function rows<T>(x: unknown, row: (r: Rec) => T | null): T[] | null {
  if (!Array.isArray(x)) return null;
  const out: T[] = [];
  for (const r of x) {
    const v = isRec(r) ? row(r) : null;
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ when

export interface BurnUpPoint {
  period: number;
  p15: number;
  p50: number;
  p85: number;
}
export interface RiskSummaryRow {
  index: number;
  expected: number;
  p85: number;
  rank: "HIGH" | "MEDIUM" | "LOW";
}
export interface WhenView {
  percentiles: Record<string, number | null>;
  dates?: Record<string, string | null>;
  mean: number | null;
  cdf: { periods: number; p: number }[];
  histogram: { periods: number; count: number }[];
  probabilityByDeadline?: number;
  periodsToDeadline?: number;
  trials: number;
  seed: number;
  didNotFinish: number;
  maxPeriods: number;
  burnUp?: BurnUpPoint[];
  backlog?: { min: number; max: number };
  riskSummary?: RiskSummaryRow[];
}

export function asWhenResult(x: unknown): WhenView | null {
  if (!isRec(x)) return null;
  const percentiles = numRecord(x.percentiles, true);
  const cdf = rows(x.cdf, (r) => (isNum(r.periods) && isNum(r.p) ? { periods: r.periods, p: r.p } : null));
  const histogram = rows(x.histogram, (r) =>
    isNum(r.periods) && isNum(r.count) ? { periods: r.periods, count: r.count } : null,
  );
  if (!percentiles || !cdf || !histogram) return null;
  const burnUp = rows(x.burnUp, (r) =>
    isNum(r.period) && isNum(r.p15) && isNum(r.p50) && isNum(r.p85)
      ? { period: r.period, p15: r.p15, p50: r.p50, p85: r.p85 }
      : null,
  );
  const riskSummary = rows(x.riskSummary, (r): RiskSummaryRow | null =>
    isNum(r.index) &&
    isNum(r.expected) &&
    isNum(r.p85) &&
    (r.rank === "HIGH" || r.rank === "MEDIUM" || r.rank === "LOW")
      ? { index: r.index, expected: r.expected, p85: r.p85, rank: r.rank }
      : null,
  );
  const b =
    isRec(x.backlog) && isNum(x.backlog.min) && isNum(x.backlog.max)
      ? { min: x.backlog.min, max: x.backlog.max }
      : undefined;
  return {
    percentiles,
    dates: strRecord(x.dates),
    mean: isNum(x.mean) ? x.mean : null,
    cdf,
    histogram,
    probabilityByDeadline: isNum(x.probabilityByDeadline) ? x.probabilityByDeadline : undefined,
    periodsToDeadline: isNum(x.periodsToDeadline) ? x.periodsToDeadline : undefined,
    trials: numOr(x.trials, 0),
    seed: numOr(x.seed, 0),
    didNotFinish: numOr(x.didNotFinish, 0),
    maxPeriods: numOr(x.maxPeriods, 0),
    burnUp: burnUp ?? undefined,
    backlog: b,
    riskSummary: riskSummary ?? undefined,
  };
}

// -------------------------------------------------------------------------------------- how many

export interface HowManyView {
  percentiles: Record<string, number>;
  mean: number;
  histogram: { items: number; count: number }[];
  binWidth: number;
  trials: number;
  seed: number;
  periods: number;
}

export function asHowManyResult(x: unknown): HowManyView | null {
  if (!isRec(x)) return null;
  const percentiles = numRecord(x.percentiles, false);
  const histogram = rows(x.histogram, (r) =>
    isNum(r.items) && isNum(r.count) ? { items: r.items, count: r.count } : null,
  );
  if (!percentiles || !histogram || !isNum(x.mean) || !isNum(x.periods)) return null;
  return {
    percentiles,
    mean: x.mean,
    histogram,
    binWidth: numOr(x.binWidth, 1),
    trials: numOr(x.trials, 0),
    seed: numOr(x.seed, 0),
    periods: x.periods,
  };
}

// -------------------------------------------------------------------------------------- deadline

export interface TrendView {
  model: "none" | "recent" | "fitted";
  halfLife?: number;
  slopePerPeriod?: number;
  slopeStdErr?: number;
  recentMean: number;
  overallMean: number;
  periodsUsed: number;
}
export interface DeadlineView {
  periodsToDeadline: number;
  probability: number;
  scope: Record<string, number>;
  scopeShare?: Record<string, number>;
  trend: TrendView;
  baseline?: { probability: number; scope: Record<string, number> };
  trials: number;
  seed: number;
}

function asTrend(x: unknown): TrendView {
  const r = isRec(x) ? x : {};
  const model = r.model === "recent" || r.model === "fitted" ? r.model : "none";
  return {
    model,
    halfLife: isNum(r.halfLife) ? r.halfLife : undefined,
    slopePerPeriod: isNum(r.slopePerPeriod) ? r.slopePerPeriod : undefined,
    slopeStdErr: isNum(r.slopeStdErr) ? r.slopeStdErr : undefined,
    recentMean: numOr(r.recentMean, NaN),
    overallMean: numOr(r.overallMean, NaN),
    periodsUsed: numOr(r.periodsUsed, 0),
  };
}

export function asDeadlineResult(x: unknown): DeadlineView | null {
  if (!isRec(x)) return null;
  const scope = numRecord(x.scope, false);
  if (!scope || !isNum(x.probability) || !isNum(x.periodsToDeadline)) return null;
  const b = isRec(x.baseline) ? x.baseline : null;
  const baseScope = b ? numRecord(b.scope, false) : null;
  return {
    periodsToDeadline: x.periodsToDeadline,
    probability: x.probability,
    scope,
    scopeShare: numRecord(x.scopeShare, false) ?? undefined,
    trend: asTrend(x.trend),
    baseline: b && isNum(b.probability) && baseScope ? { probability: b.probability, scope: baseScope } : undefined,
    trials: numOr(x.trials, 0),
    seed: numOr(x.seed, 0),
  };
}

// ----------------------------------------------------------------------------------------- input

/** Period unit for messages: weekly and daily periods have names; others are "periods". */
export function periodUnit(periodDays: unknown): "week" | "day" | "other" {
  const d = typeof periodDays === "number" ? periodDays : 7;
  return d === 7 ? "week" : d === 1 ? "day" : "other";
}

/** A field of a run's stored input, if it is an object. */
export function inputField(input: unknown, key: string): unknown {
  return isRec(input) ? input[key] : undefined;
}
