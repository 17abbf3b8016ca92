import { describe, expect, it } from "vitest";
import { explainTrend } from "./trend-text";

const base = { recentMean: 6.2, overallMean: 4.5, periodsUsed: 20 };

describe("explainTrend", () => {
  it("recent weighting: half-life and both averages", () => {
    const e = explainTrend({ model: "recent", halfLife: 6, ...base });
    expect(e).toMatchObject({ model: "recent", halfLife: 6, showMeans: true, recentMean: 6.2, overallMean: 4.5 });
  });

  it("a fitted slope beyond two standard errors is a clear trend, with its direction", () => {
    expect(explainTrend({ model: "fitted", slopePerPeriod: -0.3, slopeStdErr: 0.1, ...base })).toMatchObject({
      direction: "down",
      slope: 0.3,
      clear: true,
    });
    expect(explainTrend({ model: "fitted", slopePerPeriod: 0.3, slopeStdErr: 0.1, ...base }).direction).toBe("up");
  });

  it("a slope within two standard errors is not clearly a trend; zero is flat", () => {
    expect(explainTrend({ model: "fitted", slopePerPeriod: 0.1, slopeStdErr: 0.2, ...base }).clear).toBe(false);
    expect(explainTrend({ model: "fitted", slopePerPeriod: 0, slopeStdErr: 0, ...base })).toMatchObject({
      direction: "flat",
      clear: false,
    });
  });

  it("missing numbers do not invent a comparison", () => {
    const e = explainTrend({ model: "none", recentMean: NaN, overallMean: 4, periodsUsed: 0 });
    expect(e.showMeans).toBe(false);
    expect(e.slope).toBeNull();
  });
});
