import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { inputError } from "./forecast.fixtures";
import { forecastWhen, type WhenInput } from "./monte-carlo";
import { chunkRanges, forecastWhenFromChunks, simulateWhenChunk, tallyFromJson, tallyToJson } from "./when-chunks";
import { WHEN_BLOCK_TRIALS, emptyWhenTally } from "./when-sim";
import { forecastHowMany, howManyFromTallies, simulateHowManyRange, type HowManyInput } from "./how-many";
import { deadlineFromTallies, forecastDeadline, simulateDeadlineRange, type DeadlineInput } from "./deadline";
import { SPLIT_LIMITS } from "./validate";

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

describe("how many and deadline risk cut into chunks", () => {
  const many: HowManyInput = {
    samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2.5],
    periods: 9,
    trials: 4 * WHEN_BLOCK_TRIALS + 99,
    seed: 8,
    percentiles: [10, 50, 85, 95],
    focus: 0.9,
  };
  const ranges = (trials: number, per: number) => chunkRanges(trials, per * WHEN_BLOCK_TRIALS, 500);
  const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

  it("how many: the chunks' tallies merge to exactly the single-process result", () => {
    const want = forecastHowMany(many, { rng: createRng(many.seed) });
    for (const per of [1, 2, 5]) {
      const parts = ranges(many.trials, per).map((r) =>
        viaJson(simulateHowManyRange(many, r.from, r.to, {}, SPLIT_LIMITS)),
      );
      expect(howManyFromTallies(many, parts.reverse(), SPLIT_LIMITS)).toEqual(want);
    }
    const parts = ranges(many.trials, 1).map((r) => simulateHowManyRange(many, r.from, r.to));
    expect(() => howManyFromTallies(many, parts.slice(1))).toThrow(/tallies cover/);
  });

  it.each(["none", "recent", "fitted"] as const)("deadline risk (trend %s): the chunks merge exactly", (trend) => {
    const input: DeadlineInput = {
      samples: [4, 6, 5, 7, 9, 8, 10, 12],
      backlog: { min: 40, max: 70 },
      startDate: "2026-01-05",
      deadline: "2026-03-30",
      trials: 3 * WHEN_BLOCK_TRIALS + 5,
      seed: 31,
      percentiles: [50, 85],
      trend,
    };
    const want = forecastDeadline(input, { rng: createRng(input.seed) });
    const parts = ranges(input.trials, 1).map((r) =>
      viaJson(simulateDeadlineRange(input, r.from, r.to, {}, SPLIT_LIMITS)),
    );
    expect(deadlineFromTallies(input, parts, SPLIT_LIMITS)).toEqual(want);
    if (trend !== "none")
      expect(want.baseline).toEqual(forecastDeadline({ ...input, trend: "none" }, { rng: createRng(0) }).baseline);
  });
});
