import { describe, expect, it } from "vitest";
import { durationHours, expandToHours, parseInterval } from "./iso-duration";

describe("ISO-8601 durations (NWS validTime)", () => {
  it.each([
    ["PT1H", 1],
    ["PT6H", 6],
    ["PT13H", 13],
    ["P1DT6H", 30],
    ["P2DT3H", 51],
    ["P7D", 168],
    ["PT90M", 1.5 * 0 + 1.5],
  ])("%s is %d hours", (d, h) => {
    if (d === "PT90M") expect(() => durationHours(d)).toThrow(/whole number of hours/);
    else expect(durationHours(d)).toBe(h);
  });
  it("refuses what is not a duration", () => {
    for (const d of ["P", "PT", "1H", "P1H", ""]) expect(() => durationHours(d)).toThrow(RangeError);
  });
  it("expands an interval to the start of each hour it covers", () => {
    const hours = expandToHours("2025-11-28T22:00:00+00:00/PT3H");
    expect(hours.map((t) => new Date(t).toISOString())).toEqual([
      "2025-11-28T22:00:00.000Z",
      "2025-11-28T23:00:00.000Z",
      "2025-11-29T00:00:00.000Z",
    ]);
    expect(parseInterval("2025-11-28T00:00:00-05:00/P1DT6H")).toEqual({
      startMs: Date.parse("2025-11-28T05:00:00Z"),
      hours: 30,
    });
  });
});
