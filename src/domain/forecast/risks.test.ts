import { describe, expect, it } from "vitest";
import { riskSummary, triangular } from "./risks";

describe("riskSummary", () => {
  it("expected = likelihood·(low+mode+high)/3 and the p85 heuristic likelihood·(mode + 0.85·(high−mode))", () => {
    const [row] = riskSummary([{ likelihood: 0.5, low: 2, mode: 4, high: 12 }]);
    expect(row!.expected).toBeCloseTo(3, 12);
    expect(row!.p85).toBeCloseTo(0.5 * (4 + 0.85 * 8), 12);
    expect(row!.rank).toBe("HIGH"); // ceil(30 % of 1) = 1
  });

  it("ranks by expected items: the top ceil(30 %) HIGH, up to ceil(70 %) MEDIUM, the rest LOW", () => {
    const risks = [1, 5, 3, 9, 7, 2, 8, 4, 6, 10].map((k) => ({ likelihood: 1, low: k, mode: k, high: k }));
    const rows = riskSummary(risks);
    expect(rows.map((r) => r.expected)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(rows.map((r) => r.rank)).toEqual([
      "HIGH",
      "HIGH",
      "HIGH",
      "MEDIUM",
      "MEDIUM",
      "MEDIUM",
      "MEDIUM",
      "LOW",
      "LOW",
      "LOW",
    ]);
    expect(rows[0]!.index).toBe(9);
  });

  it("a risk that adds nothing is LOW; ties keep the list order; empty gives empty", () => {
    const rows = riskSummary([
      { likelihood: 0, low: 5, mode: 5, high: 5 },
      { likelihood: 1, low: 1, mode: 1, high: 1 },
      { likelihood: 1, low: 1, mode: 1, high: 1 },
    ]);
    expect(rows.map((r) => [r.index, r.rank])).toEqual([
      [1, "HIGH"],
      [2, "MEDIUM"],
      [0, "LOW"],
    ]);
    expect(riskSummary([])).toEqual([]);
  });
});

describe("triangular", () => {
  it("inverse CDF: ends, mode, and a degenerate triangle", () => {
    expect(triangular(0, 2, 4, 10)).toBe(2);
    expect(triangular(0.25, 2, 4, 10)).toBeCloseTo(4, 12); // F(mode) = (4−2)/(10−2)
    expect(triangular(0.999999999, 2, 4, 10)).toBeCloseTo(10, 3);
    expect(triangular(0.7, 5, 5, 5)).toBe(5);
  });

  it("has mean (low + mode + high) / 3", () => {
    let s = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) s += triangular((i + 0.5) / n, 1, 2, 9);
    expect(s / n).toBeCloseTo(4, 3);
  });
});
