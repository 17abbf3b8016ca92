import { describe, expect, it } from "vitest";
import { contributorsDistribution } from "./scurve";

const runLength = (xs: number[]) => {
  const out: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j < xs.length && xs[j] === xs[i]) j++;
    out.push(`${xs[i]}x${j - i}`);
    i = j;
  }
  return out.join(",");
};

describe("contributorsDistribution (S-curve)", () => {
  it("A-P5: min 2, max 5, size 20 with JS half-up rounding", () => {
    const d = contributorsDistribution({ min: 2, max: 5, size: 20 });
    expect(d).toHaveLength(100);
    expect(runLength(d)).toBe("2x5,3x10,4x5,5x60,4x6,3x10,2x4");
    expect(d.reduce((a, b) => a + b, 0)).toBe(422);
  });

  it("size 0 is the full team throughout; min = max is flat", () => {
    expect(runLength(contributorsDistribution({ min: 1, max: 4, size: 0 }))).toBe("4x100");
    expect(runLength(contributorsDistribution({ min: 3, max: 3, size: 20 }))).toBe("3x100");
  });

  it("starts at min, which may be 0 (nobody works at the start)", () => {
    const d = contributorsDistribution({ min: 0, max: 4, size: 10 });
    expect(d[0]).toBe(0);
    expect(d[50]).toBe(4);
    expect(Math.min(...d)).toBe(0);
  });
});
