/**
 * Whole-item totals per trial ("how many items by then?"), tallied as distinct values and their
 * counts, so runs cut into blocks — on threads or chunk runs anywhere — add up exactly: every
 * statistic below depends on the multiset of totals only, never on which block produced which.
 *
 * Trials run in blocks of {@link WHEN_BLOCK_TRIALS}; block k draws from random stream k of the seed.
 */

import { ForecastCancelledError, ForecastInputError } from "./errors";
import { CHUNK, formatNumber as fmt } from "./validate";
import { WHEN_BLOCK_TRIALS } from "./when-sim";
import { rngFromState, streamState, type Rng } from "../shared/rng";

/** Distinct totals of one run (or chunk), ascending, with their counts. */
export interface TotalsTally {
  values: number[];
  counts: number[];
  trials: number;
}

/** Distinct totals a run may reach (memory and a chunk's stored result stay bounded). */
export const MAX_DISTINCT_TOTALS = 2_000_000;

/** Adds tallies (any order gives the same sum). */
export function mergeTotals(tallies: readonly TotalsTally[]): TotalsTally {
  const byValue = new Map<number, number>();
  let trials = 0;
  for (const t of tallies) {
    trials += t.trials;
    t.values.forEach((v, i) => byValue.set(v, (byValue.get(v) ?? 0) + t.counts[i]!));
  }
  if (byValue.size > MAX_DISTINCT_TOTALS) tooMany();
  const values = [...byValue.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((v) => byValue.get(v)!), trials };
}

function tooMany(): never {
  throw new ForecastInputError(
    "samples",
    `the totals take more than ${fmt(MAX_DISTINCT_TOTALS)} distinct values; use smaller units (e.g. points in tens)`,
  );
}

/** The total at 0-based ascending rank `rank`. */
function atRank(t: TotalsTally, rank: number): number {
  let seen = 0;
  for (let i = 0; i < t.values.length; i++) {
    seen += t.counts[i]!;
    if (rank < seen) return t.values[i]!;
  }
  return t.values[t.values.length - 1]!;
}

/** The largest n with P(total ≥ n) ≥ q (q a fraction in (0, 1)): the m-th largest total, m = ceil(q·N). */
export function lowerTailOf(t: TotalsTally, q: number): number {
  const n = t.trials;
  const m = Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9 * n)));
  return atRank(t, n - m);
}

/** Mean total (summed per distinct value, ascending). */
export function meanOf(t: TotalsTally): number {
  let sum = 0;
  for (let i = 0; i < t.values.length; i++) sum += t.values[i]! * t.counts[i]!;
  return sum / t.trials;
}

/** At most `maxBins` buckets [items, items + binWidth) from the smallest total. */
export function histogramOf(t: TotalsTally, maxBins: number) {
  const lo = t.values[0]!;
  const hi = t.values[t.values.length - 1]!;
  const binWidth = Math.max(1, Math.ceil((hi - lo + 1) / maxBins));
  const bins = new Map<number, number>();
  t.values.forEach((v, i) => {
    const b = lo + Math.floor((v - lo) / binWidth) * binWidth;
    bins.set(b, (bins.get(b) ?? 0) + t.counts[i]!);
  });
  return { binWidth, histogram: [...bins.entries()].map(([items, count]) => ({ items, count })) };
}

/** One kind of trial: draws from `rng`, returns its whole total. */
export type TrialFn = (rng: Rng) => number;

export interface BlocksOptions {
  /** Share of the range's trials done (all kinds), after every chunk of trials. */
  onShare?: (share: number) => void;
  signal?: { readonly aborted: boolean };
  /** After every block: builds the tallies so far on demand (for live partial results; call it sparingly). */
  onBlock?: (tallies: () => TotalsTally[]) => void;
  /**
   * After every block: stop the run when it returns true (a precision target, precision.ts). Only
   * for a run taken from its first block in order, so the stop is deterministic.
   */
  stop?: (tallies: () => TotalsTally[]) => boolean;
}

/**
 * Runs blocks [from, to) of a `trials`-trial run of `seed`: in each block, every trial of `kinds[0]`,
 * then every trial of `kinds[1]`, … continuing the block's stream; returns one tally per kind.
 */
export function simulateTotals(
  run: { seed: number; trials: number; from: number; to: number },
  kinds: readonly TrialFn[],
  o: BlocksOptions = {},
): TotalsTally[] {
  const maps = kinds.map(() => new Map<number, number>());
  const buf = new Float64Array(WHEN_BLOCK_TRIALS);
  let done = 0;
  const total = kinds.length * (Math.min(run.trials, run.to * WHEN_BLOCK_TRIALS) - run.from * WHEN_BLOCK_TRIALS);
  for (let b = run.from; b < run.to; b++) {
    const rng = rngFromState(streamState(run.seed, b));
    const inBlock = Math.min(WHEN_BLOCK_TRIALS, run.trials - b * WHEN_BLOCK_TRIALS);
    kinds.forEach((trial, k) => {
      for (let start = 0; start < inBlock; start += CHUNK) {
        if (o.signal?.aborted) throw new ForecastCancelledError();
        const end = Math.min(inBlock, start + CHUNK);
        for (let i = start; i < end; i++) buf[i] = trial(rng);
        done += end - start;
        o.onShare?.(done / Math.max(1, total));
      }
      addSorted(maps[k]!, buf.subarray(0, inBlock).sort());
    });
    o.onBlock?.(() => maps.map(tallyOf));
    if (o.stop?.(() => maps.map(tallyOf))) break;
  }
  if (o.signal?.aborted) throw new ForecastCancelledError();
  return maps.map(tallyOf);
}

function tallyOf(m: Map<number, number>): TotalsTally {
  const values = [...m.keys()].sort((a, b) => a - b);
  let trials = 0;
  const counts = values.map((v) => {
    const c = m.get(v)!;
    trials += c;
    return c;
  });
  return { values, counts, trials };
}

function addSorted(map: Map<number, number>, sorted: Float64Array): void {
  for (let i = 0; i < sorted.length;) {
    const v = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === v) j++;
    map.set(v, (map.get(v) ?? 0) + (j - i));
    i = j;
  }
  if (map.size > MAX_DISTINCT_TOTALS) tooMany();
}
