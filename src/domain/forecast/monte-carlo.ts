/**
 * "When will it be done?" — Monte Carlo bootstrap of historical throughput (Magennis/Vacanti).
 *
 * Each trial draws a backlog (fixed, or uniform over an integer range), optionally adds the work of
 * risks that happen and multiplies by a split rate, then repeatedly draws a whole historical period
 * uniformly with replacement (every sample, including the last, equally likely) and subtracts its
 * throughput × focus (× team or S-curve scaling) until the backlog is done; lead-time overhead then
 * adds whole periods. A trial still running after `maxPeriods` periods is counted as
 * did-not-finish. Percentiles are nearest-rank on the empirical CDF: Pq = smallest t with
 * (#trials done by t) / trials ≥ q.
 *
 * Randomness: trials run in blocks of 65,536, block k drawing from stream k of `input.seed` (see
 * when-sim.ts and shared/rng.ts), so a seed gives the same result however many threads share the
 * blocks. `opts.rng` is not drawn from (it stays in the signature shared by the engine's functions).
 */

import type { PrecisionInput, StoppedAt } from "./precision";
import { whenHalfWidth, precisionMet } from "./precision";
import type { Risk, RiskSummaryRow } from "./risks";
import type { SCurve } from "./scurve";
import { SINGLE_LIMITS, type ForecastOptions, type RunLimits } from "./validate";
import { planWhen } from "./when-plan";
import {
  mergeWhenTallies,
  sequentialClaim,
  simulateWhenBlocks,
  type SimulateOptions,
  type WhenTally,
  WHEN_BLOCK_TRIALS,
} from "./when-sim";
import { finishWhen } from "./when-summary";

export interface WhenInput {
  /** Historical throughput per period (items done in each past week/day), each ≥ 0. */
  samples: number[];
  /** Items to finish: a whole number, or a range drawn uniformly (integers) per trial. */
  backlog: number | { min: number; max: number };
  trials: number;
  /** Whole number 0..2^32−1; chooses the random streams (same seed → same result). */
  seed: number;
  /** Levels in percent, each strictly between 0 and 100 (e.g. [50, 70, 85, 95]). */
  percentiles: number[];
  /** Throughput multiplier in (0, 1]; default 1. */
  focus?: number;
  /** First day of the forecast ("YYYY-MM-DD"); enables `dates` and deadlines. */
  startDate?: string;
  /** Calendar days per period; default 7 (weekly throughput). */
  periodDays?: number;
  /** "YYYY-MM-DD"; needs `startDate`. */
  deadline?: string;
  /** Give up on a trial after this many periods; default 1000. */
  maxPeriods?: number;
  /** 1..1000 backlog multipliers, each in (0, 10]; one drawn uniformly per trial. */
  splitRate?: number[];
  /** Up to 50 risks; each trial, a risk happens when rng() < likelihood and adds round(triangular(low, mode, high)) items. */
  risks?: Risk[];
  /** Whole people 1..1000: throughput × current / historical (with an S-curve, historical is its baseline). */
  team?: { historical: number; current: number };
  /** Contributors by percent done (A-P5): throughput × contributors / (team?.historical ?? sCurve.max). */
  sCurve?: SCurve;
  /** Lead times in days (1..10,000 values, each 0..3,650): adds round(average of k of them / periodDays) periods. */
  leadTimes?: number[];
  /** Only with periodDays 1: periods are working days, dates skip Saturdays and Sundays. */
  skipWeekends?: boolean;
  /** Stop once P(percentile) is known to ±within (periods, or days) at 95 %, or at `trials` (precision.ts). */
  precision?: PrecisionInput;
}

export interface WhenResult {
  /** Keyed by the level as written (String(q), e.g. "85"); null when not reached within maxPeriods. */
  percentiles: Record<string, number | null>;
  /** startDate + P·periodDays days (working days with skipWeekends), same keys; only with a startDate. */
  dates?: Record<string, string | null>;
  /** Mean periods to finish; null when some trial did not finish. */
  mean: number | null;
  /** P(T ≤ periods) from the first to the last period at which any trial finished. */
  cdf: { periods: number; p: number }[];
  /** Trials that finished at exactly `periods`, same range as `cdf`. */
  histogram: { periods: number; count: number }[];
  /** Items done by the end of each period up to P95 (p15/p50/p85 over the first 2,000 trials). */
  burnUp: { period: number; p15: number; p50: number; p85: number }[];
  /** Observed smallest and largest per-trial backlog, after risks and split. */
  backlog: { min: number; max: number };
  /** The risks ranked before simulation (see riskSummary); only when risks were given. */
  riskSummary?: RiskSummaryRow[];
  /** Share of trials finished within `periodsToDeadline`; present only with a deadline. */
  probabilityByDeadline?: number;
  /** Whole periods (working days with skipWeekends) between startDate and deadline. */
  periodsToDeadline?: number;
  trials: number;
  seed: number;
  didNotFinish: number;
  maxPeriods: number;
  /** Trials run (= `trials`) and why the run stopped there: a precision target met, or every trial run. */
  stoppedAt: StoppedAt;
}

export { DEFAULT_MAX_PERIODS, DEFAULT_PERIOD_DAYS } from "./validate";

/**
 * Runs the "when" forecast; with `input.precision`, the target is checked after every block of
 * 65,536 trials (`checkEvery` trials, for tests) and the run stops once it is met. Throws
 * ForecastInputError on bad input, ForecastCancelledError on abort.
 */
export function forecastWhen(
  input: WhenInput,
  opts: ForecastOptions & Pick<SimulateOptions, "onBlock"> & { checkEvery?: number },
): WhenResult {
  const plan = planWhen(input);
  const p = plan.precision;
  const tally = simulateWhenBlocks(plan, sequentialClaim(), {
    signal: opts.signal,
    onTrials: opts.onProgress && ((done) => opts.onProgress!((0.99 * done) / plan.trials, "simulating")),
    onBlock: opts.onBlock,
    stop: p
      ? {
          every: opts.checkEvery ?? WHEN_BLOCK_TRIALS,
          met: (t) => precisionMet(p, whenHalfWidth(p, t.counts, t.trials)),
        }
      : undefined,
  });
  opts.onProgress?.(0.99, "summarising");
  const out = finishWhen(plan, tally);
  opts.onProgress?.(1, "summarising");
  return out;
}

/**
 * Simulates blocks [from, to) of a run (block k = trials k·65,536 … of stream k of the seed) for
 * splitting one run across threads; combine the tallies with {@link forecastWhenFromTallies}.
 */
export function simulateWhenRange(
  input: WhenInput,
  from: number,
  to: number,
  o: SimulateOptions = {},
  limits: RunLimits = SINGLE_LIMITS,
): WhenTally {
  let next = from;
  return simulateWhenBlocks(planWhen(input, limits), () => (next < to ? next++ : -1), o);
}

/** The result of a run from the tallies of disjoint block sets that together cover every block. */
export function forecastWhenFromTallies(
  input: WhenInput,
  tallies: readonly WhenTally[],
  limits: RunLimits = SINGLE_LIMITS,
): WhenResult {
  const plan = planWhen(input, limits);
  const merged = mergeWhenTallies(plan.maxPeriods, tallies);
  if (merged.trials !== plan.trials) {
    throw new RangeError(`the tallies cover ${merged.trials} of the run's ${plan.trials} trials`);
  }
  return finishWhen(plan, merged);
}
