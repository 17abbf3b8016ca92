/**
 * Multi-feature cut line (Magennis): features worked in priority order with the team's whole
 * throughput. Each trial draws every feature's size (fixed, or uniform over an integer range),
 * then bootstraps historical periods exactly as forecastWhen does and records the period at
 * which each feature's CUMULATIVE size (its own plus every feature before it) is reached.
 * Per feature: nearest-rank percentiles of that period, dates, the share of trials done by the
 * deadline, and whether it "fits" at each confidence (probabilityByDeadline ≥ q/100).
 * A trial still running after maxPeriods leaves its remaining features unfinished (counted in
 * didNotFinish; their percentiles become null when too few trials finished).
 */

import { ForecastCancelledError, ForecastInputError } from "./errors";
import { checkPeriodCalendar, checkRange } from "./analytics-common";
import type { WhenInput } from "./monte-carlo";
import {
  CHUNK,
  checkMaxPeriods,
  checkPeriodDays,
  checkRun,
  checkSamples,
  checkWork,
  type ForecastOptions,
} from "./validate";

export interface CutLineFeature {
  name: string;
  /** Items: a whole number, or a range drawn uniformly (integers) per trial. */
  size: number | { min: number; max: number };
}

/**
 * The "when" input's fields with `features` in place of the backlog. `seed` is only recorded in the
 * result (the randomness comes from `opts.rng`); a deadline enables probabilityByDeadline and fits.
 */
export interface CutLineInput extends Pick<
  WhenInput,
  | "samples"
  | "trials"
  | "seed"
  | "percentiles"
  | "focus"
  | "startDate"
  | "periodDays"
  | "skipWeekends"
  | "deadline"
  | "maxPeriods"
> {
  /** In priority order (worked first to last), 1..100 features. */
  features: CutLineFeature[];
}

export interface CutLineFeatureResult {
  name: string;
  size: { min: number; max: number };
  /** Periods until this feature is done, keyed by String(q); null when not reached within maxPeriods. */
  percentiles: Record<string, number | null>;
  /** With a startDate: the date after that many periods. */
  dates?: Record<string, string | null>;
  /** With a deadline: share of trials in which this feature was done by it. */
  probabilityByDeadline?: number;
  /** With a deadline: probabilityByDeadline ≥ q/100, per level. */
  fits?: Record<string, boolean>;
}

export interface CutLineResult {
  features: CutLineFeatureResult[];
  periodsToDeadline?: number;
  trials: number;
  seed: number;
  /** Trials in which the last feature was not done within maxPeriods. */
  didNotFinish: number;
  maxPeriods: number;
}

export const MAX_FEATURES = 100;
const MAX_NAME = 200;
const EPS = 1e-9;

/** Runs the cut-line forecast. Throws ForecastInputError on bad input, ForecastCancelledError on abort. */
export function forecastCutLine(input: CutLineInput, opts: ForecastOptions): CutLineResult {
  const { data: samples, mean } = checkSamples(input.samples);
  const features = checkFeatures(input.features);
  const { trials, levels, focus } = checkRun(input);
  const maxPeriods = checkMaxPeriods(input.maxPeriods);
  const periodDays = checkPeriodDays(input.periodDays);
  const { calendar, periodsToDeadline } = checkPeriodCalendar({ ...input, periodDays });
  const totalMax = features.reduce((a, f) => a + f.size.max, 0);
  if (totalMax > 0 && mean === 0) {
    throw new ForecastInputError("samples", "throughput samples are all zero: the features would never be finished");
  }
  checkWork(trials, totalMax === 0 ? 0 : Math.min(maxPeriods, Math.ceil(totalMax / (mean * focus)) + 1));

  const width = maxPeriods + 1;
  const counts = new Int32Array(features.length * width); // counts[j·width + t]: feature j done at t
  const didNotFinish = simulate(samples, features, focus, trials, maxPeriods, counts, opts);

  opts.onProgress?.(0.99, "summarising");
  const sorted = [...levels].sort((a, b) => a - b);
  const out: CutLineFeatureResult[] = features.map((f, j) => {
    const row = counts.subarray(j * width, (j + 1) * width);
    const percentiles = nearestRanks(row, trials, sorted, levels);
    const r: CutLineFeatureResult = { name: f.name, size: f.size, percentiles };
    if (calendar) {
      r.dates = Object.fromEntries(
        Object.entries(percentiles).map(([k, p]) => [k, p === null ? null : calendar.dateAfter(p)]),
      );
    }
    if (periodsToDeadline !== undefined) {
      let done = 0;
      for (let t = 0; t <= Math.min(periodsToDeadline, maxPeriods); t++) done += row[t]!;
      const p = done / trials;
      r.probabilityByDeadline = p;
      r.fits = Object.fromEntries(levels.map((q) => [String(q), p >= q / 100 - EPS]));
    }
    return r;
  });
  opts.onProgress?.(1, "summarising");
  const result: CutLineResult = { features: out, trials, seed: input.seed, didNotFinish, maxPeriods };
  if (periodsToDeadline !== undefined) result.periodsToDeadline = periodsToDeadline;
  return result;
}

function checkFeatures(features: unknown): { name: string; size: { min: number; max: number } }[] {
  if (!Array.isArray(features) || features.length === 0 || features.length > MAX_FEATURES) {
    throw new ForecastInputError("features", `features must be a list of 1 to ${MAX_FEATURES} features`);
  }
  return features.map((f: unknown, i) => {
    const rec = (typeof f === "object" && f !== null ? f : {}) as { name?: unknown; size?: unknown };
    const name = rec.name;
    if (typeof name !== "string" || name.trim() === "" || name.length > MAX_NAME) {
      throw new ForecastInputError("features", `features[${i}].name must be 1 to ${MAX_NAME} characters of text`);
    }
    return { name, size: checkRange("features", rec.size, `features[${i}].size`) };
  });
}

/** The hot loop. Fills `counts`, returns the trials whose last feature did not finish. */
function simulate(
  samples: Float64Array,
  features: { size: { min: number; max: number } }[],
  focus: number,
  trials: number,
  maxPeriods: number,
  counts: Int32Array,
  opts: ForecastOptions,
): number {
  const { rng, onProgress, signal } = opts;
  const n = samples.length;
  const nf = features.length;
  const width = maxPeriods + 1;
  const lo = features.map((f) => f.size.min);
  const span = features.map((f) => f.size.max - f.size.min + 1);
  // Done when sum(draws) · focus ≥ cumulative size; compare raw sums with size / focus, with
  // the same tiny slack as forecastWhen so 10 × 0.1-style rounding costs no extra period.
  const scale = focus === 1 ? 1 : (1 / focus) * (1 - 1e-12);
  const target = new Float64Array(nf);
  let didNotFinish = 0;
  for (let start = 0; start < trials; start += CHUNK) {
    if (signal?.aborted) throw new ForecastCancelledError();
    const end = Math.min(trials, start + CHUNK);
    for (let i = start; i < end; i++) {
      let cum = 0;
      for (let j = 0; j < nf; j++) {
        cum += span[j] === 1 ? lo[j]! : lo[j]! + Math.floor(rng() * span[j]!);
        target[j] = cum * scale;
      }
      let acc = 0;
      let t = 0;
      let j = 0;
      while (j < nf && acc >= target[j]!) counts[j++ * width]!++;
      while (j < nf && t < maxPeriods) {
        acc += samples[Math.floor(rng() * n)]!;
        t++;
        while (j < nf && acc >= target[j]!) counts[j++ * width + t]!++;
      }
      if (j < nf) didNotFinish++;
    }
    onProgress?.((0.99 * end) / trials, "simulating");
  }
  if (signal?.aborted) throw new ForecastCancelledError();
  return didNotFinish;
}

/** Nearest-rank on one feature's histogram for every level in one pass (`sorted` ascending). */
function nearestRanks(row: Int32Array, trials: number, sorted: number[], levels: number[]) {
  const at = new Map<number, number | null>();
  let cum = 0;
  let li = 0;
  for (let t = 0; t < row.length && li < sorted.length; t++) {
    cum += row[t]!;
    while (li < sorted.length && cum > 0 && cum >= (sorted[li]! / 100) * trials - EPS * trials)
      at.set(sorted[li++]!, t);
  }
  for (; li < sorted.length; li++) at.set(sorted[li]!, null);
  return Object.fromEntries(levels.map((q) => [String(q), at.get(q)!])) as Record<string, number | null>;
}
