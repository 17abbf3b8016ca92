import { describe, expect, it } from "vitest";
import { checkPeriodCalendar, deriveSeed, lowerTail } from "./analytics-common";

describe("checkPeriodCalendar", () => {
  it("gives dates and periods to a deadline, consistent with each other", () => {
    const { calendar, periodsToDeadline } = checkPeriodCalendar({
      startDate: "2024-01-01",
      deadline: "2024-01-14",
      periodDays: 1,
      skipWeekends: true,
    });
    expect(periodsToDeadline).toBe(9);
    expect(calendar!.dateAfter(9)).toBe("2024-01-12");
    expect(calendar!.dateAfter(10)).toBe("2024-01-15");
    const weekly = checkPeriodCalendar({ startDate: "2024-01-01", deadline: "2024-01-21", periodDays: 7 });
    expect([weekly.periodsToDeadline, weekly.calendar!.dateAfter(3)]).toEqual([2, "2024-01-22"]);
    expect(checkPeriodCalendar({ periodDays: 7 }).calendar).toBeNull();
  });

  it("with skipWeekends the deadline's periods are exactly those whose dates fall on or before it", () => {
    for (const start of ["2024-01-01", "2024-01-05", "2024-01-06", "2024-01-07"]) {
      for (const deadline of ["2024-01-07", "2024-01-08", "2024-01-12", "2024-01-13", "2024-02-29"]) {
        const { calendar, periodsToDeadline: p } = checkPeriodCalendar({
          startDate: start,
          deadline,
          periodDays: 1,
          skipWeekends: true,
        });
        expect(calendar!.dateAfter(p!) <= deadline, `${start} → ${deadline}`).toBe(true);
        expect(calendar!.dateAfter(p! + 1) > deadline, `${start} → ${deadline}`).toBe(true);
      }
    }
  });
});

describe("lowerTail and deriveSeed", () => {
  it("lowerTail is the largest n with P(total ≥ n) ≥ q", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(lowerTail(sorted, 0.85)).toBe(2); // 9 of 10 are ≥ 2, only 8 are ≥ 3
    expect(lowerTail(sorted, 0.8)).toBe(3);
    expect(lowerTail(sorted, 0.05)).toBe(10);
  });
  it("derives distinct 32-bit seeds per index", () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => deriveSeed(42, i)));
    expect(seeds.size).toBe(10_000);
    expect(deriveSeed(42, 3)).toBe(deriveSeed(42, 3));
    expect(deriveSeed(43, 3)).not.toBe(deriveSeed(42, 3));
    expect([...seeds].every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
  });
});
