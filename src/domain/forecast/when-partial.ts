/**
 * A "when" forecast's result so far, from the tally of the trials done: each percentile with its 95 %
 * confidence interval (order statistics over the tallies, see percentile-ci.ts), their dates when the
 * forecast has a start date, and a compact CDF — what a run publishes as its live partial result.
 */
import { addDays, addWorkingDays } from "./dates";
import { compactCdf, percentilesWithIntervals, type PercentileEstimate } from "./percentile-ci";
import type { WhenPlan } from "./when-plan";

export interface WhenPartial {
  /** Keyed by the level as written (as the final result's `percentiles`). */
  percentiles: Record<string, PercentileEstimate>;
  /** The same as dates (null past the last finished trial); only with a start date. */
  dates?: Record<string, { value: string | null; lower: string | null; upper: string | null }>;
  cdf: { periods: number; p: number }[];
  /** Trials so far, and how many of them did not finish within maxPeriods. */
  trials: number;
  didNotFinish: number;
}

/** The partial result of `plan` from `counts[t]` (trials that finished after t periods) of `trials` so far. */
export function whenPartial(
  plan: Pick<WhenPlan, "levels" | "calendar" | "skipWeekends" | "periodDays">,
  counts: ArrayLike<number>,
  trials: number,
): WhenPartial {
  const percentiles = percentilesWithIntervals(counts, trials, plan.levels);
  let finished = 0;
  for (let t = 0; t < counts.length; t++) finished += counts[t]!;
  const out: WhenPartial = { percentiles, cdf: compactCdf(counts, trials), trials, didNotFinish: trials - finished };
  const cal = plan.calendar;
  if (cal) {
    const date = (p: number | null) =>
      p === null
        ? null
        : plan.skipWeekends
          ? addWorkingDays(cal.startDate, p)
          : addDays(cal.startDate, p * plan.periodDays);
    out.dates = Object.fromEntries(
      Object.entries(percentiles).map(([k, e]) => [
        k,
        { value: date(e.value), lower: date(e.lower), upper: date(e.upper) },
      ]),
    );
  }
  return out;
}
