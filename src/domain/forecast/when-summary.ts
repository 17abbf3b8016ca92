/**
 * Turns a merged tally into the public result: nearest-rank percentiles, CDF, histogram, dates,
 * P(done by deadline), and the burn-up fan replayed from the first trials of block 0.
 */

import { addDays, addWorkingDays } from "./dates";
import { nearestRankFromCounts } from "./percentiles";
import { stoppedAt, whenHalfWidth } from "./precision";
import { riskSummary } from "./risks";
import type { WhenResult } from "./monte-carlo";
import type { WhenPlan } from "./when-plan";
import { emptyWhenTally, generalChunk, type WhenTally } from "./when-sim";
import { streamState } from "../shared/rng";

/** The burn-up fan is computed from the first trials of the run (block 0), at most this many. */
export const BURNUP_TRIALS = 2000;
/** At most about this many burn-up points; longer forecasts are sampled every ⌈P95 / 500⌉ periods. */
export const BURNUP_MAX_POINTS = 500;

/**
 * The result of the tally's trials: all of the plan's, or the first ones when a precision target
 * stopped the run early (the result is then that of a fixed run of `tally.trials` trials).
 */
export function finishWhen(full: WhenPlan, tally: WhenTally): WhenResult {
  const { counts, didNotFinish, trials } = tally;
  const plan = trials === full.trials ? full : { ...full, trials };
  const { maxPeriods } = plan;
  let first = -1;
  let last = -1;
  let weighted = 0;
  for (let t = 0; t <= maxPeriods; t++) {
    const c = counts[t]!;
    if (c === 0) continue;
    if (first < 0) first = t;
    last = t;
    weighted += t * c;
  }
  const cdf: WhenResult["cdf"] = [];
  const histogram: WhenResult["histogram"] = [];
  for (let t = first, cum = 0; first >= 0 && t <= last; t++) {
    cum += counts[t]!;
    cdf.push({ periods: t, p: cum / trials });
    histogram.push({ periods: t, count: counts[t]! });
  }
  const percentiles: Record<string, number | null> = {};
  for (const q of plan.levels) percentiles[String(q)] = nearestRankFromCounts(counts, trials, q / 100);
  const out: WhenResult = {
    percentiles,
    mean: didNotFinish === 0 ? weighted / trials : null,
    cdf,
    histogram,
    burnUp: burnUp(plan, nearestRankFromCounts(counts, trials, 0.95) ?? maxPeriods),
    backlog: { min: tally.backlogMin, max: tally.backlogMax },
    trials,
    seed: plan.seed,
    didNotFinish,
    maxPeriods,
    stoppedAt: stoppedAt(plan.precision, trials, plan.precision && whenHalfWidth(plan.precision, counts, trials)),
  };
  if (plan.risks.length > 0) out.riskSummary = riskSummary(plan.risks);
  const cal = plan.calendar;
  if (cal) {
    const date = (p: number) =>
      plan.skipWeekends ? addWorkingDays(cal.startDate, p) : addDays(cal.startDate, p * plan.periodDays);
    out.dates = Object.fromEntries(Object.entries(percentiles).map(([k, p]) => [k, p === null ? null : date(p)]));
    if (cal.periodsToDeadline !== undefined) {
      const limit = Math.min(cal.periodsToDeadline, maxPeriods);
      let done = 0;
      for (let t = 0; t <= limit; t++) done += counts[t]!;
      out.periodsToDeadline = cal.periodsToDeadline;
      out.probabilityByDeadline = done / trials;
    }
  }
  return out;
}

/**
 * Items done by the end of each period (p15 / p50 / p85 across trials, nearest rank) for periods
 * 1..`until`, from the first min(trials, 2,000) trials, replayed with the same random stream as the
 * run. A trial's items stay at its backlog once done; lead-time overhead shifts its curve right.
 */
export function burnUp(plan: WhenPlan, until: number): WhenResult["burnUp"] {
  if (until <= 0) return [];
  const stride = Math.ceil(until / BURNUP_MAX_POINTS);
  const points: number[] = [];
  for (let p = stride; p < until; p += stride) points.push(p);
  points.push(until);
  const k = Math.min(plan.trials, BURNUP_TRIALS);
  const values = new Int32Array(points.length * k);
  const items = new Float64Array(until + 1);
  let trial = 0;
  const record = (backlog: number, extra: number, end: number, finished: boolean) => {
    for (let j = 0; j < points.length; j++) {
      const q = points[j]! - extra;
      let v: number;
      if (q <= 0) v = 0;
      else if (finished && q >= end) v = backlog;
      else {
        const raw = items[Math.min(q, end)] ?? 0;
        v = end === 0 ? 0 : raw >= backlog * (1 - 1e-12) ? backlog : Math.min(backlog, Math.floor(raw + 1e-9));
      }
      values[j * k + trial] = v;
    }
    trial++;
  };
  generalChunk(plan, k, streamState(plan.seed, 0), emptyWhenTally(plan.maxPeriods), { items, trial: record });
  return points.map((period, j) => {
    const col = values.subarray(j * k, (j + 1) * k).sort();
    const at = (q: number) => col[Math.min(k, Math.max(1, Math.ceil(q * k - 1e-9 * k))) - 1]!;
    return { period, p15: at(0.15), p50: at(0.5), p85: at(0.85) };
  });
}
