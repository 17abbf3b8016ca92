/**
 * "How many items by a date?" — Monte Carlo bootstrap of `periods` historical periods.
 *
 * Semantics are the LOWER tail ("85% chance of at least n"): for level q the reported n is the
 * largest whole number with P(total ≥ n) ≥ q, i.e. the (100 − q)th percentile of the totals.
 * (Reporting the upper percentile instead is the seed system's optimistic-forecast defect.)
 */

import {
  MAX_PERIODS,
  SINGLE_LIMITS,
  checkInt,
  checkRun,
  checkSamples,
  checkWork,
  type ForecastOptions,
  type RunLimits,
} from "./validate";
import {
  histogramOf,
  lowerTailOf,
  meanOf,
  mergeTotals,
  simulateTotals,
  type BlocksOptions,
  type TotalsTally,
} from "./totals";
import { whenBlockCount } from "./when-sim";
import {
  checkPrecision,
  precisionMet,
  stoppedAt,
  totalsHalfWidth,
  type PrecisionInput,
  type StoppedAt,
} from "./precision";

export interface HowManyInput {
  samples: number[];
  /** Whole periods available (e.g. weeks until the date). */
  periods: number;
  trials: number;
  seed: number;
  /** Confidence levels in percent, each strictly between 0 and 100. */
  percentiles: number[];
  /** Throughput multiplier in (0, 1]; default 1. */
  focus?: number;
  /** Stop once "percentile % chance of at least n" is known to ±within items at 95 %, or at `trials`. */
  precision?: PrecisionInput;
}

export interface HowManyResult {
  /** Keyed by String(q): the largest n with P(total ≥ n) ≥ q/100 ("q% chance of at least n"). */
  percentiles: Record<string, number>;
  /** Mean items finished (whole items per trial). */
  mean: number;
  /** Trials per bucket of totals: bucket [items, items + binWidth). */
  histogram: { items: number; count: number }[];
  binWidth: number;
  trials: number;
  seed: number;
  periods: number;
  /** Trials run (= `trials`) and why the run stopped there (precision met, or every trial run). */
  stoppedAt: StoppedAt;
}

const MAX_BINS = 200;

/** Checks a run (ForecastInputError naming the field and the limit) and what its trials need. */
export function planHowMany(input: HowManyInput, limits: RunLimits) {
  const { data: samples } = checkSamples(input.samples);
  const periods = checkInt("periods", input.periods, 1, MAX_PERIODS);
  const { trials, seed, levels, focus } = checkRun(input, true, limits.maxTrials);
  checkWork(trials, periods, limits.maxDraws);
  const precision = checkPrecision(input.precision, ["items"]);
  return { samples, periods, trials, seed, levels, focus, precision };
}

/**
 * The totals of blocks [from, to) of a run (block k = trials k·65,536 … on random stream k of the
 * seed): one tally, to combine with {@link howManyFromTallies}. Progress is the range's share done.
 */
export function simulateHowManyRange(
  input: HowManyInput,
  from: number,
  to: number,
  o: BlocksOptions = {},
  limits: RunLimits = SINGLE_LIMITS,
): TotalsTally {
  const { samples, periods, trials, seed, focus } = planHowMany(input, limits);
  const n = samples.length;
  // Whole items finished per trial; floor with a tiny slack so 10 × 0.1 counts as 1.
  const trial = (rng: () => number) => {
    let acc = 0;
    for (let w = 0; w < periods; w++) acc += samples[Math.floor(rng() * n)]!;
    return Math.floor(acc * focus * (1 + 1e-12) + 1e-9);
  };
  return simulateTotals({ seed, trials, from, to }, [trial], o)[0]!;
}

/** The result of a run from the tallies of disjoint block ranges that together cover every block. */
export function howManyFromTallies(
  input: HowManyInput,
  tallies: readonly TotalsTally[],
  limits: RunLimits = SINGLE_LIMITS,
): HowManyResult {
  const plan = planHowMany(input, limits);
  const t = mergeTotals(tallies);
  if (t.trials !== plan.trials)
    throw new RangeError(`the tallies cover ${t.trials} of the run's ${plan.trials} trials`);
  return finishHowMany(plan, t);
}

/** The result of a tally's trials (all of the run's, or its first ones when a precision target stopped it). */
function finishHowMany(plan: ReturnType<typeof planHowMany>, t: TotalsTally): HowManyResult {
  const { periods, levels, seed, precision } = plan;
  const percentiles: Record<string, number> = {};
  for (const q of levels) percentiles[String(q)] = lowerTailOf(t, q / 100);
  const { histogram, binWidth } = histogramOf(t, MAX_BINS);
  const stop = stoppedAt(precision, t.trials, precision && totalsHalfWidth(precision, t));
  return { percentiles, mean: meanOf(t), histogram, binWidth, trials: t.trials, seed, periods, stoppedAt: stop };
}

/**
 * Runs the "how many" forecast. Trials run in blocks of 65,536, block k on random stream k of
 * `input.seed` (`opts.rng` is not drawn from), so a run cut into chunks gives the same result. With
 * `input.precision` the target is checked after every block and the run stops once it is met.
 * Throws ForecastInputError on bad input, ForecastCancelledError on abort.
 */
export function forecastHowMany(
  input: HowManyInput,
  opts: ForecastOptions & Pick<BlocksOptions, "onBlock">,
): HowManyResult {
  const plan = planHowMany(input, SINGLE_LIMITS);
  const { onProgress, signal } = opts;
  const p = plan.precision;
  const tally = simulateHowManyRange(input, 0, whenBlockCount(plan.trials), {
    signal,
    onShare: onProgress && ((f) => onProgress(0.95 * f, "simulating")),
    onBlock: opts.onBlock,
    stop: p ? (tallies) => precisionMet(p, totalsHalfWidth(p, tallies()[0]!)) : undefined,
  });
  onProgress?.(0.95, "summarising");
  const out = finishHowMany(plan, tally);
  onProgress?.(1, "summarising");
  return out;
}
