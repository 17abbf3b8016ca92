/**
 * A huge "when" forecast cut into chunks: each chunk is a contiguous range of the run's trial blocks
 * (block k always draws from random stream k of the seed, as in one process), computed anywhere,
 * and returns its tally as plain JSON; the tallies of every chunk add up to the run's tally, so the
 * merged result is bit-for-bit the result of the same run in one process.
 */

import { forecastWhenFromTallies, simulateWhenRange, type WhenInput, type WhenResult } from "./monte-carlo";
import { checkMaxPeriods, SPLIT_LIMITS } from "./validate";
import { emptyWhenTally, whenBlockCount, WHEN_BLOCK_TRIALS, type SimulateOptions, type WhenTally } from "./when-sim";

/** Blocks [from, to) of a run. */
export interface BlockRange {
  from: number;
  to: number;
}

/**
 * The run's blocks cut into chunks of about `chunkTrials` trials (whole blocks, at least one), and
 * never more than `maxChunks` chunks (the chunks grow instead).
 */
export function chunkRanges(trials: number, chunkTrials: number, maxChunks: number): BlockRange[] {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be a whole number ≥ 1, got ${trials}`);
  if (!(chunkTrials >= 1) || !(maxChunks >= 1)) throw new RangeError("chunkTrials and maxChunks must be at least 1");
  const blocks = whenBlockCount(trials);
  const per = Math.max(Math.ceil(chunkTrials / WHEN_BLOCK_TRIALS), Math.ceil(blocks / Math.floor(maxChunks)));
  const out: BlockRange[] = [];
  for (let from = 0; from < blocks; from += per) out.push({ from, to: Math.min(blocks, from + per) });
  return out;
}

/**
 * A tally as JSON: `counts[i]` trials finished after `first + i` periods (zeros trimmed at both ends);
 * the backlog bounds are null when the tally has no trials.
 */
export interface WhenTallyJson {
  first: number;
  counts: number[];
  didNotFinish: number;
  backlogMin: number | null;
  backlogMax: number | null;
  trials: number;
}

export function tallyToJson(t: WhenTally): WhenTallyJson {
  let first = 0;
  let last = t.counts.length - 1;
  while (first <= last && t.counts[first] === 0) first++;
  while (last >= first && t.counts[last] === 0) last--;
  return {
    first: first > last ? 0 : first,
    counts: Array.from(t.counts.subarray(first, last + 1)),
    didNotFinish: t.didNotFinish,
    backlogMin: t.trials > 0 ? t.backlogMin : null,
    backlogMax: t.trials > 0 ? t.backlogMax : null,
    trials: t.trials,
  };
}

export function tallyFromJson(j: WhenTallyJson, maxPeriods: number): WhenTally {
  if (j.first + j.counts.length > maxPeriods + 1)
    throw new RangeError(`a chunk's tally reaches period ${j.first + j.counts.length - 1}, past maxPeriods`);
  const t = emptyWhenTally(maxPeriods);
  t.counts.set(j.counts, j.first);
  t.didNotFinish = j.didNotFinish;
  t.backlogMin = j.backlogMin ?? Infinity;
  t.backlogMax = j.backlogMax ?? -Infinity;
  t.trials = j.trials;
  return t;
}

/** One chunk: blocks [from, to) of `input` (checked with the split bounds), as JSON. */
export function simulateWhenChunk(input: WhenInput, range: BlockRange, o: SimulateOptions = {}): WhenTallyJson {
  return tallyToJson(simulateWhenRange(input, range.from, range.to, o, SPLIT_LIMITS));
}

/** The run's result from the tallies of its chunks (every block exactly once, in any order). */
export function forecastWhenFromChunks(input: WhenInput, chunks: readonly WhenTallyJson[]): WhenResult {
  const maxPeriods = checkMaxPeriods(input.maxPeriods);
  const tallies = chunks.map((c) => tallyFromJson(c, maxPeriods));
  return forecastWhenFromTallies(input, tallies, SPLIT_LIMITS);
}
