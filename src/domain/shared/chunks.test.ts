import { describe, expect, it } from "vitest";
import { sliceSizes, splitEvenly } from "./chunks";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("splitEvenly", () => {
  it("cuts into ⌈n / max⌉ slices of near-equal size, every item once, in order", () => {
    expect(splitEvenly(range(101), 50).map((c) => c.length)).toEqual([34, 34, 33]);
    expect(splitEvenly(range(10_000), 50)).toHaveLength(200);
    expect(splitEvenly(range(3), 50)).toEqual([[0, 1, 2]]);
    expect(splitEvenly(range(5), 1)).toEqual([[0], [1], [2], [3], [4]]);
    for (const [n, max] of [
      [1, 1],
      [7, 3],
      [999, 50],
      [1000, 50],
      [1001, 200],
    ] as const) {
      const chunks = splitEvenly(range(n), max);
      expect(chunks.flat()).toEqual(range(n));
      expect(chunks).toHaveLength(Math.ceil(n / max));
      const sizes = chunks.map((c) => c.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(max);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
  it("gives the slice sizes from the item and slice counts alone", () => {
    expect(sliceSizes(101, 3)).toEqual([34, 34, 33]);
    expect(sliceSizes(1000, 20)).toEqual(Array(20).fill(50));
    expect(sliceSizes(7, 3)).toEqual(splitEvenly(range(7), 3).map((c) => c.length));
  });
  it("answers no slice for no items, and refuses a size below 1 or fractional", () => {
    expect(splitEvenly([], 50)).toEqual([]);
    expect(() => splitEvenly(range(3), 0)).toThrow(/maxSize must be a whole number/);
    expect(() => splitEvenly(range(3), 2.5)).toThrow(/maxSize/);
  });
});
