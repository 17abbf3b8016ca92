/**
 * Checks a "when" input and turns it into a simulation plan: typed arrays, per-trial options
 * resolved to the cheapest equivalent form (a one-value split list or equal lead times need no
 * draws), and the work estimate that keeps every run bounded (maxPeriods, MAX_DRAWS).
 */

import { ForecastInputError } from "./errors";
import { mean } from "../shared/stats";
import { daysBetween, isoDateToDay, workingDaysBetween } from "./dates";
import { checkLeadTimes, leadTimeDrawRange } from "./lead-time";
import { checkRisks, type Risk } from "./risks";
import { checkSCurve, contributorsDistribution, MAX_TEAM } from "./scurve";
import type { WhenInput } from "./monte-carlo";
import { checkPrecision, type Precision } from "./precision";
import {
  checkInt,
  checkMaxPeriods,
  checkPeriodDays,
  checkRun,
  checkSamples,
  checkWork,
  formatNumber as fmt,
  SINGLE_LIMITS,
  type RunLimits,
} from "./validate";

export const MAX_SPLIT_RATES = 1000;
export const MAX_SPLIT_RATE = 10;
/** Two period draws come from one 32-bit word (ordered-pair table) when samples² ≤ this. */
export const PAIR_TABLE_MAX = 4096;

export interface WhenPlan {
  trials: number;
  seed: number;
  levels: number[];
  maxPeriods: number;
  periodDays: number;
  skipWeekends: boolean;
  calendar: { startDate: string; periodsToDeadline?: number } | null;
  samples: Float64Array;
  /** The samples when all are whole numbers (enables the integer fast path), else null. */
  intSamples: Int32Array | null;
  /** Draw two periods per random word (index into the n² ordered pairs). */
  pair: boolean;
  bMin: number;
  bMax: number;
  /** Throughput multiplier without an S-curve: focus × team.current / team.historical. */
  rate: number;
  /** With an S-curve: multiplier at each whole percent done, focus × contributors / baseline. */
  contrib: Float64Array | null;
  risks: Risk[];
  /** Split multipliers drawn per trial (2+ distinct values), else null and `splitConst` applies. */
  split: Float64Array | null;
  splitConst: number;
  /** Lead times (days) averaged per trial, else null and `leadConst` periods are added. */
  lead: Float64Array | null;
  leadKMin: number;
  leadKMax: number;
  leadConst: number;
  /** No per-trial option changes the plain bootstrap: the integer fast path applies. */
  fast: boolean;
  /** Stop once this percentile is known this well (precision.ts), else null: run every trial. */
  precision: Precision | null;
}

/**
 * Validates `input` (ForecastInputError naming the field and the limit) and builds the plan; a run
 * cut into chunks passes SPLIT_LIMITS (more trials and draws in all; the plan is otherwise the same).
 */
export function planWhen(input: WhenInput, limits: RunLimits = SINGLE_LIMITS): WhenPlan {
  const { data: samples, mean: sampleMean } = checkSamples(input.samples);
  const { min: bMin, max: bMax } = checkBacklog(input.backlog);
  const { trials, seed, levels, focus } = checkRun(input, true, limits.maxTrials);
  const maxPeriods = checkMaxPeriods(input.maxPeriods);
  const periodDays = checkPeriodDays(input.periodDays);
  const skipWeekends = input.skipWeekends ?? false;
  if (typeof skipWeekends !== "boolean")
    throw new ForecastInputError("skipWeekends", "skipWeekends must be true or false");
  if (skipWeekends && periodDays !== 1) {
    throw new ForecastInputError(
      "skipWeekends",
      `skipWeekends needs daily periods (periodDays 1), got periodDays ${periodDays}`,
    );
  }
  const calendar = checkCalendar(input.startDate, input.deadline, periodDays, skipWeekends);

  const team = input.team === undefined ? undefined : checkTeam(input.team);
  const sCurve = input.sCurve === undefined ? undefined : checkSCurve(input.sCurve);
  const risks = input.risks === undefined ? [] : checkRisks(input.risks);
  const splitList = input.splitRate === undefined ? null : checkSplitRate(input.splitRate);
  const leadList = input.leadTimes === undefined ? null : checkLeadTimes(input.leadTimes);

  let rate = focus;
  let contrib: Float64Array | null = null;
  if (sCurve) {
    const base = team?.historical ?? sCurve.max;
    contrib = Float64Array.from(contributorsDistribution(sCurve), (c) => (focus * c) / base);
  } else if (team) {
    rate = (focus * team.current) / team.historical;
  }
  const split = splitList && new Set(splitList).size > 1 ? splitList : null;
  const splitConst = splitList && !split ? splitList[0]! : 1;
  const splitMean = splitList ? mean(splitList) : 1;
  const leadConstant = leadList !== null && leadList.every((v) => v === leadList[0]);
  const lead = leadList && !leadConstant ? leadList : null;
  const leadConst = leadList && leadConstant ? Math.round(leadList[0]! / periodDays) : 0;
  const { kMin, kMax } = leadTimeDrawRange(lead?.length ?? 1);

  // Periods per item at the average throughput; with an S-curve, the average over percent done of
  // 1 / speed (a percent at 0 contributors stalls the trial at once, so it costs no draws).
  let periodsPerItem = 0;
  if (contrib) {
    for (const c of contrib) if (c > 0) periodsPerItem += 1 / (100 * sampleMean * c);
  } else {
    periodsPerItem = 1 / (sampleMean * rate);
  }
  const riskImpact = risks.reduce((s, r) => s + (r.likelihood * (r.low + r.mode + r.high)) / 3, 0);
  const mayHaveWork = bMax > 0 || risks.some((r) => r.likelihood > 0 && r.high > 0);
  let periodsPerTrial = 0;
  if (mayHaveWork) {
    if (sampleMean === 0) {
      throw new ForecastInputError("samples", "throughput samples are all zero: the backlog would never be finished");
    }
    const items = (bMax + riskImpact) * splitMean;
    const expected = items * periodsPerItem;
    if (expected > maxPeriods) {
      throw new ForecastInputError(
        "backlog",
        `a backlog of ${fmt(Math.round(items))} items needs about ${fmt(Math.ceil(expected))} periods at the average ` +
          `throughput of ${fmt(1 / periodsPerItem)} per period, more than maxPeriods (${fmt(maxPeriods)}); ` +
          `raise maxPeriods or split the backlog`,
      );
    }
    periodsPerTrial = Math.min(maxPeriods, Math.ceil(expected) + 1);
  }
  // Draws besides the periods: risks (up to two each), split, lead times.
  const extraDraws = 2 * risks.length + (split ? 1 : 0) + (lead ? 1 + (kMin + kMax) / 2 : 0);
  checkWork(trials, periodsPerTrial + extraDraws, limits.maxDraws);

  let intSamples: Int32Array | null = Int32Array.from(samples);
  if (!samples.every((v, i) => v === intSamples![i])) intSamples = null;
  const n = samples.length;
  const fast =
    intSamples !== null &&
    rate === 1 &&
    !contrib &&
    risks.length === 0 &&
    splitConst === 1 &&
    !split &&
    !lead &&
    leadConst === 0;
  return {
    trials,
    seed,
    levels,
    maxPeriods,
    periodDays,
    skipWeekends,
    calendar,
    samples,
    intSamples,
    pair: n >= 2 && n * n <= PAIR_TABLE_MAX,
    bMin,
    bMax,
    rate,
    contrib,
    risks,
    split,
    splitConst,
    lead,
    leadKMin: kMin,
    leadKMax: kMax,
    leadConst,
    fast,
    precision: checkPrecision(input.precision, ["periods", "days"], periodDays),
  };
}

function checkBacklog(backlog: unknown): { min: number; max: number } {
  if (typeof backlog === "number") {
    checkInt("backlog", backlog, 0, Number.MAX_SAFE_INTEGER);
    return { min: backlog, max: backlog };
  }
  if (typeof backlog === "object" && backlog !== null && "min" in backlog && "max" in backlog) {
    const min = checkInt("backlog.min", backlog.min, 0, Number.MAX_SAFE_INTEGER);
    const max = checkInt("backlog.max", backlog.max, 0, Number.MAX_SAFE_INTEGER);
    if (min > max) throw new ForecastInputError("backlog", `backlog.min (${min}) must be at most backlog.max (${max})`);
    return { min, max };
  }
  throw new ForecastInputError("backlog", "backlog must be a whole number or a range { min, max }");
}

function checkTeam(team: unknown): { historical: number; current: number } {
  if (typeof team !== "object" || team === null) {
    throw new ForecastInputError("team", "team must be an object { historical, current }");
  }
  const o = team as Record<string, unknown>;
  return {
    historical: checkInt("team.historical", o.historical, 1, MAX_TEAM),
    current: checkInt("team.current", o.current, 1, MAX_TEAM),
  };
}

function checkSplitRate(v: unknown): Float64Array {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_SPLIT_RATES) {
    throw new ForecastInputError("splitRate", `splitRate must be a list of 1 to ${fmt(MAX_SPLIT_RATES)} multipliers`);
  }
  return Float64Array.from(v, (x: unknown, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || x <= 0 || x > MAX_SPLIT_RATE) {
      throw new ForecastInputError(
        "splitRate",
        `splitRate[${i}] must be greater than 0 and at most ${MAX_SPLIT_RATE}, got ${String(x)}`,
      );
    }
    return x;
  });
}

function checkCalendar(
  startDate: string | undefined,
  deadline: string | undefined,
  periodDays: number,
  skipWeekends: boolean,
) {
  if (startDate === undefined) {
    if (deadline !== undefined) {
      throw new ForecastInputError("startDate", "a deadline needs a startDate to count periods from");
    }
    return null;
  }
  if (typeof startDate !== "string" || isoDateToDay(startDate) === null) {
    throw new ForecastInputError("startDate", `startDate must be a real calendar date (YYYY-MM-DD), got ${startDate}`);
  }
  if (deadline === undefined) return { startDate };
  if (typeof deadline !== "string" || isoDateToDay(deadline) === null) {
    throw new ForecastInputError("deadline", `deadline must be a real calendar date (YYYY-MM-DD), got ${deadline}`);
  }
  const days = daysBetween(startDate, deadline);
  if (days < 0) throw new ForecastInputError("deadline", `deadline (${deadline}) is before startDate (${startDate})`);
  const periodsToDeadline = skipWeekends ? workingDaysBetween(startDate, deadline) : Math.floor(days / periodDays);
  return { startDate, periodsToDeadline };
}
