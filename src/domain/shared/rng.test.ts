import { describe, expect, it } from "vitest";
import { createRng, rngFromState, sfc32, streamRng, streamState, uniformInt } from "./rng";

const take = (rng: () => number, n: number) => Array.from({ length: n }, () => rng());
const GOLDEN_42_3 = [0.8755108115728945, 0.7796976324170828];

describe("sfc32", () => {
  it("is reproducible for a seed", () => {
    expect(take(sfc32(7), 1000)).toEqual(take(sfc32(7), 1000));
  });

  it("gives unrelated streams for nearby seeds", () => {
    const a = take(sfc32(1), 100);
    const b = take(sfc32(2), 100);
    expect(a.filter((v, i) => v === b[i])).toHaveLength(0);
  });

  it("pins the stream (golden values) so a change of algorithm is noticed", () => {
    expect(take(sfc32(42), 3)).toEqual([0.8907801888417453, 0.4310670436825603, 0.3220651443116367]);
    expect(take(sfc32(0), 2)).toEqual([0.1276340070180595, 0.2554530606139451]);
  });

  it("returns doubles in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12", () => {
    const xs = take(createRng(123), 200_000);
    expect(xs.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(xs.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    // SE of the mean = sqrt(1/12/200000) ≈ 0.00065; allow ~5 SE.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0035);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it("treats seeds modulo 2^32 and refuses non-finite seeds", () => {
    expect(take(sfc32(2 ** 32 + 5), 5)).toEqual(take(sfc32(5), 5));
    expect(() => sfc32(Number.NaN)).toThrow(RangeError);
  });
});

describe("uniformInt", () => {
  it("draws every index 0..n-1 equally often, including the last", () => {
    const rng = sfc32(99);
    const n = 12;
    const draws = 120_000;
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) counts[uniformInt(rng, n)]!++;
    const expected = draws / n;
    // Chi-square with 11 degrees of freedom: the 99.9% quantile is 31.3.
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(31.3);
    expect(counts[n - 1]).toBeGreaterThan(expected * 0.95);
  });

  it("returns integers in range", () => {
    const rng = sfc32(3);
    for (let i = 0; i < 1000; i++) {
      const v = uniformInt(rng, 5);
      expect(Number.isInteger(v) && v >= 0 && v < 5).toBe(true);
    }
    expect(uniformInt(rng, 1)).toBe(0);
  });

  it("refuses a non-positive or fractional n", () => {
    const rng = sfc32(3);
    expect(() => uniformInt(rng, 0)).toThrow(RangeError);
    expect(() => uniformInt(rng, 2.5)).toThrow(RangeError);
  });
});

describe("numbered streams of a seed", () => {
  it("are reproducible and pinned (golden values)", () => {
    expect(take(streamRng(42, 0), 50)).toEqual(take(streamRng(42, 0), 50));
    expect(take(streamRng(42, 3), 2)).toEqual(GOLDEN_42_3);
  });

  it("differ between streams of a seed and between seeds", () => {
    const heads = new Set<number>();
    for (let seed = 0; seed < 20; seed++) for (let k = 0; k < 50; k++) heads.add(streamRng(seed, k)());
    expect(heads.size).toBe(1000);
    const a = take(streamRng(1, 0), 100);
    const b = take(streamRng(1, 1), 100);
    expect(a.filter((v, i) => v === b[i])).toHaveLength(0);
  });

  it("a state can be continued by rngFromState exactly where it stopped", () => {
    const st = streamState(5, 2);
    const first = take(rngFromState(st), 10);
    const rest = take(rngFromState(st), 10);
    expect([...first, ...rest]).toEqual(take(streamRng(5, 2), 20));
  });

  it("refuses bad stream numbers", () => {
    expect(() => streamState(1, -1)).toThrow(RangeError);
    expect(() => streamState(1, 2 ** 32)).toThrow(RangeError);
    expect(() => streamState(Number.NaN, 0)).toThrow(RangeError);
  });
});
