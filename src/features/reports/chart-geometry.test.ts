import { describe, expect, it } from "vitest";
import { heatColor, niceTicks } from "./chart-geometry";

describe("niceTicks", () => {
  it("covers the range with round steps and no negative zero", () => {
    expect(niceTicks(-0.25, 0)).toEqual([-0.25, -0.2, -0.15, -0.1, -0.05, 0]);
    expect(Object.is(niceTicks(-0.25, 0).at(-1), -0)).toBe(false);
    expect(niceTicks(81, 135)).toEqual([80, 100, 120, 140]);
    expect(niceTicks(0, 0.6)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(5, 5).length).toBeGreaterThan(1);
  });
  it("colours correlations from red through white to indigo", () => {
    expect(heatColor(0)).toBe("#ffffff");
    expect(heatColor(1)).toBe("#4f46e5");
    expect(heatColor(-1)).toBe("#dc2626");
    expect(heatColor(null)).toBe("#e5e7eb");
  });
});
