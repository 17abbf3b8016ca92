import { describe, expect, it } from "vitest";
import { accuracyMetrics } from "./accuracy";
import { inputError } from "./forecast.fixtures";

describe("accuracyMetrics", () => {
  it("A-P8: forecasts [10,12,8] against actuals [10,10,10]", () => {
    const m = accuracyMetrics([10, 12, 8], [10, 10, 10]);
    expect(m.n).toBe(3);
    expect(m.mae).toBeCloseTo(1.3333, 4);
    expect(m.rmse).toBeCloseTo(1.63299, 5);
    expect(m.mape).toBeCloseTo(13.3333, 4);
    expect(m.mpe).toBe(0);
    expect(m.medianApe).toBeCloseTo(20, 10);
    expect(m.accuracyRate).toBe(100); // APE 20 % counts as accurate (≤ 20 %)
    expect(m.r2).toBeNull(); // SS_tot = 0: R² undefined, not 0 as in the seed
    expect([m.over, m.under]).toEqual([1, 1]);
  });

  it("computes R² against the actuals' spread and a signed bias", () => {
    // errors [1, 1, 1, 1]: SS_res = 4, SS_tot = 5 → R² = 0.2; PE = 100/a.
    const m = accuracyMetrics([2, 3, 4, 5], [1, 2, 3, 4]);
    expect(m.r2).toBeCloseTo(0.2, 12);
    expect(m.mpe).toBeCloseTo((100 + 50 + 100 / 3 + 25) / 4, 10);
    expect(m.mape).toBeCloseTo(m.mpe, 10);
    expect(m.medianApe).toBeCloseTo((50 + 100 / 3) / 2, 10); // even count: mean of the middle two
    expect(m.accuracyRate).toBe(0);
    expect([m.over, m.under]).toEqual([4, 0]);
    expect(accuracyMetrics([1, 2, 3], [1, 2, 3])).toMatchObject({ mae: 0, rmse: 0, r2: 1, accuracyRate: 100 });
  });

  it("is negative for under-forecasts and null R² for equal non-integer actuals", () => {
    const m = accuracyMetrics([5, 5, 5], [0.1 * 3, 0.1 * 3, 0.1 * 3]);
    expect(m.r2).toBeNull();
    expect(accuracyMetrics([8], [10])).toMatchObject({ mpe: -20, under: 1, over: 0, accuracyRate: 100 });
  });

  it("refuses empty, mismatched and bad input, naming the field", () => {
    const field = (f: number[], a: number[]) => inputError(() => accuracyMetrics(f, a)).field;
    expect(field([], [])).toBe("actuals");
    expect(field([1, 2], [1])).toBe("forecasts");
    expect(field([Number.NaN], [1])).toBe("forecasts");
    expect(field([1], [0])).toBe("actuals");
    expect(field([1], [-1])).toBe("actuals");
  });
});
