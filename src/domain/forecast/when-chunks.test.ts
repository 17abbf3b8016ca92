import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { inputError } from "./forecast.fixtures";
import { forecastWhen, type WhenInput } from "./monte-carlo";
import { chunkRanges, forecastWhenFromChunks, simulateWhenChunk, tallyFromJson, tallyToJson } from "./when-chunks";
import { WHEN_BLOCK_TRIALS, emptyWhenTally } from "./when-sim";

const base: WhenInput = {
  samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
  backlog: { min: 20, max: 60 },
  trials: 5 * WHEN_BLOCK_TRIALS + 1234,
  seed: 20,
  percentiles: [50, 85, 95],
};
const single = (input: WhenInput) => forecastWhen(input, { rng: createRng(input.seed) });
/** Chunks computed one by one, each through JSON (as a child run's stored result), merged in `order`. */
const split = (input: WhenInput, chunkTrials: number, order: (n: number) => number[] = (n) => [...Array(n).keys()]) => {
  const ranges = chunkRanges(input.trials, chunkTrials, 500);
  const json = ranges.map((r) => JSON.parse(JSON.stringify(simulateWhenChunk(input, r))) as never);
  return forecastWhenFromChunks(
    input,
    order(json.length).map((i) => json[i]!),
  );
};

describe("a when forecast cut into chunks", () => {
  it("cuts the blocks into contiguous ranges that cover each block once", () => {
    expect(chunkRanges(10 * WHEN_BLOCK_TRIALS, 3 * WHEN_BLOCK_TRIALS, 500)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 9 },
      { from: 9, to: 10 },
    ]);
    // a chunk is at least one block; never more chunks than asked for (they grow instead)
    expect(chunkRanges(100, 1, 500)).toEqual([{ from: 0, to: 1 }]);
    const many = chunkRanges(1_000_000_000, 65_536, 500);
    expect(many.length).toBeLessThanOrEqual(500);
    expect(many[0]!.from).toBe(0);
    expect(many.at(-1)!.to).toBe(Math.ceil(1_000_000_000 / WHEN_BLOCK_TRIALS));
    for (let i = 1; i < many.length; i++) expect(many[i]!.from).toBe(many[i - 1]!.to);
  });

  it("merges to exactly the single-process result, for any chunk size and merge order", () => {
    const want = single(base);
    expect(split(base, WHEN_BLOCK_TRIALS)).toEqual(want);
    expect(split(base, 2 * WHEN_BLOCK_TRIALS + 1)).toEqual(want);
    expect(split(base, 10 * WHEN_BLOCK_TRIALS)).toEqual(want);
    expect(split(base, WHEN_BLOCK_TRIALS, (n) => [...Array(n).keys()].reverse())).toEqual(want);
  });

  it("is exact with every option on (risks, split rate, lead times, a deadline)", () => {
    const input: WhenInput = {
      ...base,
      trials: 3 * WHEN_BLOCK_TRIALS - 7,
      backlog: 40,
      risks: [{ likelihood: 0.3, low: 2, mode: 5, high: 9 }],
      splitRate: [1, 1.2, 1.5],
      leadTimes: [3, 7, 12],
      startDate: "2026-01-05",
      deadline: "2026-06-01",
      focus: 0.8,
    };
    expect(split(input, WHEN_BLOCK_TRIALS)).toEqual(single(input));
  });

  it("differs when a chunk is missing or counted twice (the merge checks the cover)", () => {
    const ranges = chunkRanges(base.trials, WHEN_BLOCK_TRIALS, 500);
    const chunks = ranges.map((r) => simulateWhenChunk(base, r));
    expect(() => forecastWhenFromChunks(base, chunks.slice(1))).toThrow(/tallies cover/);
    expect(() => forecastWhenFromChunks(base, [...chunks, chunks[0]!])).toThrow(/tallies cover/);
  });

  it("round-trips a tally through JSON, and refuses one past maxPeriods", () => {
    const t = emptyWhenTally(10);
    t.counts[3] = 5;
    t.counts[7] = 2;
    Object.assign(t, { didNotFinish: 1, backlogMin: 4, backlogMax: 9, trials: 8 });
    const j = tallyToJson(t);
    expect(j).toEqual({ first: 3, counts: [5, 0, 0, 0, 2], didNotFinish: 1, backlogMin: 4, backlogMax: 9, trials: 8 });
    expect(tallyFromJson(j, 10)).toEqual(t);
    expect(() => tallyFromJson(j, 6)).toThrow(/past maxPeriods/);
    expect(tallyToJson(emptyWhenTally(3))).toMatchObject({ counts: [], backlogMin: null, trials: 0 });
  });

  it("allows 10^9 trials when split, and only then", () => {
    const huge = { ...base, trials: 1_000_000_000, backlog: 10 };
    expect(inputError(() => single(huge)).field).toBe("trials");
    // the first block of a 10^9-trial run is the first block of any run of that seed
    const chunk = simulateWhenChunk(huge, { from: 0, to: 1 });
    expect(chunk.trials).toBe(WHEN_BLOCK_TRIALS);
    expect(inputError(() => simulateWhenChunk({ ...huge, trials: 1_000_000_001 }, { from: 0, to: 1 })).message).toMatch(
      /trials must be a whole number from 1 to 1,000,000,000/,
    );
  });
});
