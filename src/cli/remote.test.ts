import { describe, expect, it } from "vitest";
import { progressLine } from "./remote";

describe("the terminal progress bar", () => {
  it("fills in proportion, floors the percent and shows stage and message", () => {
    expect(progressLine(0.42, "simulating", "4,200,000 of 10,000,000", 10)).toBe(
      "[####------]  42 % simulating — 4,200,000 of 10,000,000",
    );
    expect(progressLine(1, "succeeded", null, 4)).toBe("[####] 100 % succeeded");
  });
  it("clamps nonsense to an empty or full bar", () => {
    expect(progressLine(-3, null, null, 4)).toBe("[----]   0 %");
    expect(progressLine(7, null, null, 4)).toBe("[####] 100 %");
    expect(progressLine(Number.NaN, null, null, 4)).toBe("[----]   0 %");
  });
});
