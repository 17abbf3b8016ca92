/**
 * The "when" simulation loops. Trials are cut into fixed blocks of {@link WHEN_BLOCK_TRIALS}; block
 * k always draws from random stream k of the seed (see `streamState` in shared/rng.ts) and adds
 * its outcomes to a tally. Tallies only add up (counts, did-not-finish, min/max backlog), so the
 * result is the same whichever thread ran which block, and in whatever order.
 *
 * Random words per trial, in order (both loops consume them identically, so they give identical
 * trials): backlog (only for a range), per risk the "happens?" word (only when 0 < likelihood < 1)
 * and the impact word (only when low < high), the split pick (only for 2+ distinct values), the
 * lead times (k, then k picks; only when they differ), then the periods. When samples² ≤ 4,096,
 * one 32-bit word gives TWO periods: k = ⌊u·n²⌋ indexes the ordered pair (⌊k/n⌋, k mod n), which
 * is uniform over pairs up to the same 2^-32 quantisation as a single pick; a pending second
 * period is dropped when the trial ends. Otherwise one word gives one period, ⌊u·n⌋.
 */

import { ForecastCancelledError } from "./errors";
import { rngFromState, streamState } from "../shared/rng";
import { triangular } from "./risks";
import type { WhenPlan } from "./when-plan";
import { CHUNK } from "./validate";

/** Trials per block; block k of a run uses random stream k of its seed. */
export const WHEN_BLOCK_TRIALS = 65_536;
const INV32 = 1 / 4294967296;

/** What a set of blocks produced; merge tallies with {@link mergeWhenTallies}. */
export interface WhenTally {
  /** counts[t] = trials that finished after exactly t periods (lead-time overhead included). */
  counts: Int32Array;
  didNotFinish: number;
  /** Smallest and largest per-trial backlog (after risks and split); ±Infinity when no trials. */
  backlogMin: number;
  backlogMax: number;
  trials: number;
}

export interface SimulateOptions {
  /** Called after every chunk with this caller's trials done so far. */
  onTrials?: (done: number) => void;
  signal?: { readonly aborted: boolean };
  /** Called after every finished block with this caller's tally so far (for live partial results). */
  onBlock?: (tally: WhenTally) => void;
  /**
   * Stops the run once `met(tally)` after every `every` trials (a precision target, precision.ts).
   * Only for a single caller taking the blocks in order (sequentialClaim): the tally then always
   * holds the run's first trials, so the stop is deterministic, and the trials stopped at are
   * exactly those of a fixed run of that many trials (checking mid-block changes no draw).
   */
  stop?: { every: number; met: (tally: WhenTally) => boolean };
}

export const whenBlockCount = (trials: number) => Math.ceil(trials / WHEN_BLOCK_TRIALS);

export function emptyWhenTally(maxPeriods: number): WhenTally {
  return {
    counts: new Int32Array(maxPeriods + 1),
    didNotFinish: 0,
    backlogMin: Infinity,
    backlogMax: -Infinity,
    trials: 0,
  };
}

/** Adds tallies (any order gives the same sum). */
export function mergeWhenTallies(maxPeriods: number, tallies: readonly WhenTally[]): WhenTally {
  const out = emptyWhenTally(maxPeriods);
  for (const t of tallies) {
    for (let i = 0; i < t.counts.length && i <= maxPeriods; i++) out.counts[i]! += t.counts[i]!;
    out.didNotFinish += t.didNotFinish;
    out.backlogMin = Math.min(out.backlogMin, t.backlogMin);
    out.backlogMax = Math.max(out.backlogMax, t.backlogMax);
    out.trials += t.trials;
  }
  return out;
}

/**
 * Simulates the blocks handed out by `claim` (each call returns the next block index to run, or
 * a negative number / one past the last block when there is none) into one tally. Checks the
 * signal before every chunk of trials; throws ForecastCancelledError when it is aborted.
 */
export function simulateWhenBlocks(
  plan: WhenPlan,
  claim: () => number,
  o: SimulateOptions = {},
  general = false,
): WhenTally {
  const tally = emptyWhenTally(plan.maxPeriods);
  const blocks = whenBlockCount(plan.trials);
  const tables = plan.fast && plan.pair && !general ? pairTables(plan.intSamples!) : null;
  let done = 0;
  const every = o.stop ? Math.max(1, Math.floor(o.stop.every)) : Infinity;
  let check = every;
  for (let b = claim(); b >= 0 && b < blocks; b = claim()) {
    const st = streamState(plan.seed, b);
    const inBlock = Math.min(WHEN_BLOCK_TRIALS, plan.trials - b * WHEN_BLOCK_TRIALS);
    for (let start = 0; start < inBlock;) {
      if (o.signal?.aborted) throw new ForecastCancelledError();
      const count = Math.min(CHUNK, inBlock - start, check - done);
      if (tables) fastPairChunk(tables.first, tables.both, plan, count, st, tally);
      else if (plan.fast && !general) fastChunk(plan.intSamples!, plan, count, st, tally);
      else generalChunk(plan, count, st, tally, null);
      start += count;
      done += count;
      o.onTrials?.(done);
      if (done === check) {
        check += every;
        if (o.stop!.met(tally)) {
          o.onBlock?.(tally);
          return tally;
        }
      }
    }
    o.onBlock?.(tally);
  }
  if (o.signal?.aborted) throw new ForecastCancelledError();
  return tally;
}

/** A claim function handing out blocks 0, 1, 2, … to a single caller. */
export function sequentialClaim(): () => number {
  let next = 0;
  return () => next++;
}

function pairTables(samples: Int32Array) {
  const n = samples.length;
  const first = new Int32Array(n * n);
  const both = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      first[i * n + j] = samples[i]!;
      both[i * n + j] = samples[i]! + samples[j]!;
    }
  }
  return { first, both };
}

// The fast loops inline the sfc32 step (see shared/rng.ts) on local state words.

function fastPairChunk(
  first: Int32Array,
  both: Int32Array,
  plan: WhenPlan,
  count: number,
  st: Int32Array,
  tally: WhenTally,
): void {
  const nn = first.length;
  const { bMin, maxPeriods: maxP } = plan;
  const span = plan.bMax - bMin + 1;
  const counts = tally.counts;
  let a = st[0]!, b = st[1]!, c = st[2]!, d = st[3]!; // prettier-ignore
  let dnf = 0;
  for (let i = 0; i < count; i++) {
    let backlog = bMin;
    if (span > 1) {
      const x = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + x) | 0; // prettier-ignore
      backlog += Math.floor((x >>> 0) * INV32 * span);
    }
    if (backlog < tally.backlogMin) tally.backlogMin = backlog;
    if (backlog > tally.backlogMax) tally.backlogMax = backlog;
    let acc = 0;
    let t = 0;
    while (acc < backlog && t < maxP) {
      const x = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + x) | 0; // prettier-ignore
      const k = ((x >>> 0) * INV32 * nn) | 0;
      const s2 = acc + both[k]!;
      if (s2 < backlog && t + 2 <= maxP) {
        acc = s2;
        t += 2;
      } else {
        acc += first[k]!;
        t++;
        if (acc < backlog && t < maxP) {
          acc = s2;
          t++;
        }
      }
    }
    if (acc < backlog) dnf++;
    else counts[t]!++;
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d; // prettier-ignore
  tally.didNotFinish += dnf;
  tally.trials += count;
}

function fastChunk(samples: Int32Array, plan: WhenPlan, count: number, st: Int32Array, tally: WhenTally): void {
  const n = samples.length;
  const { bMin, maxPeriods: maxP } = plan;
  const span = plan.bMax - bMin + 1;
  const counts = tally.counts;
  let a = st[0]!, b = st[1]!, c = st[2]!, d = st[3]!; // prettier-ignore
  let dnf = 0;
  for (let i = 0; i < count; i++) {
    let backlog = bMin;
    if (span > 1) {
      const x = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + x) | 0; // prettier-ignore
      backlog += Math.floor((x >>> 0) * INV32 * span);
    }
    if (backlog < tally.backlogMin) tally.backlogMin = backlog;
    if (backlog > tally.backlogMax) tally.backlogMax = backlog;
    let acc = 0;
    let t = 0;
    while (acc < backlog && t < maxP) {
      const x = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + x) | 0; // prettier-ignore
      acc += samples[((x >>> 0) * INV32 * n) | 0]!;
      t++;
    }
    if (acc < backlog) dnf++;
    else counts[t]!++;
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d; // prettier-ignore
  tally.didNotFinish += dnf;
  tally.trials += count;
}

/**
 * Per-trial trace for the burn-up: `items[p]` = items done after p simulated periods (p = 1..end,
 * before the lead-time shift), then `trial` is called with the trial's outcome.
 */
export interface WhenTrace {
  items: Float64Array;
  trial: (backlog: number, extra: number, end: number, finished: boolean) => void;
}

/** Every option; also replays block-0 trials for the burn-up trace. */
export function generalChunk(
  plan: WhenPlan,
  count: number,
  st: Int32Array,
  tally: WhenTally,
  trace: WhenTrace | null,
): void {
  const next = rngFromState(st);
  const { samples, pair, risks, split, lead, contrib, maxPeriods } = plan;
  const n = samples.length;
  const nn = n * n;
  const span = plan.bMax - plan.bMin + 1;
  const rate = plan.rate;
  const scale = rate === 1 ? 1 : (1 / rate) * (1 - 1e-12);
  const items = trace?.items;
  const traceLen = items ? items.length - 1 : 0;
  for (let i = 0; i < count; i++) {
    let backlog = span > 1 ? plan.bMin + Math.floor(next() * span) : plan.bMin;
    if (risks.length > 0 || plan.splitConst !== 1 || split) {
      let impact = 0;
      for (const r of risks) {
        const hit = r.likelihood >= 1 || (r.likelihood > 0 && next() < r.likelihood);
        if (hit) impact += r.low === r.high ? r.low : Math.round(triangular(next(), r.low, r.mode, r.high));
      }
      const s = split ? split[(next() * split.length) | 0]! : plan.splitConst;
      const x = (backlog + impact) * s;
      backlog = Math.round(x * (1 + 1e-12)); // half up, guarded against 45 × 0.7 = 31.499…96
    }
    if (backlog < tally.backlogMin) tally.backlogMin = backlog;
    if (backlog > tally.backlogMax) tally.backlogMax = backlog;
    let extra = plan.leadConst;
    if (lead) {
      const k = plan.leadKMin + Math.floor(next() * (plan.leadKMax - plan.leadKMin + 1));
      let sum = 0;
      for (let j = 0; j < k; j++) sum += lead[(next() * lead.length) | 0]!;
      extra = Math.round(sum / k / plan.periodDays);
    }
    const limit = maxPeriods - extra;
    let pending = -1;
    let t = 0;
    let finished: boolean;
    if (limit < 0) {
      finished = false;
    } else if (contrib) {
      // Speed depends on the percent done; `acc` counts items.
      const goal = backlog * (1 - 1e-12);
      let acc = 0;
      while (acc < goal && t < limit) {
        const m = contrib[Math.min(99, Math.floor((100 * acc) / backlog))]!;
        if (m === 0) break; // nobody works at this percent: the trial can never finish
        let idx: number;
        if (pending >= 0) {
          idx = pending;
          pending = -1;
        } else if (pair) {
          const k = (next() * nn) | 0;
          idx = (k / n) | 0;
          pending = k - idx * n;
        } else idx = (next() * n) | 0;
        acc += samples[idx]! * m;
        t++;
        if (t <= traceLen) items![t] = acc;
      }
      finished = acc >= goal;
    } else {
      // Constant speed: compare raw sums with backlog / rate (the slack keeps 10 × 0.1 at 1).
      const goal = backlog * scale;
      let acc = 0;
      while (acc < goal && t < limit) {
        let idx: number;
        if (pending >= 0) {
          idx = pending;
          pending = -1;
        } else if (pair) {
          const k = (next() * nn) | 0;
          idx = (k / n) | 0;
          pending = k - idx * n;
        } else idx = (next() * n) | 0;
        acc += samples[idx]!;
        t++;
        if (t <= traceLen) items![t] = acc * rate;
      }
      finished = acc >= goal;
    }
    if (finished) tally.counts[t + extra]!++;
    else tally.didNotFinish++;
    trace?.trial(backlog, extra, t, finished);
  }
  tally.trials += count;
}
