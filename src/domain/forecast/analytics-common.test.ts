import { describe, expect, it } from "vitest";
import { addWorkingDays, checkPeriodCalendar, deriveSeed, lowerTail, workingDaysBetween } from "./analytics-common";
import { isoDateToDay } from "./dates";

const day = (iso: string) => isoDateToDay(iso)!;

describe("working days", () => {
  it("counts Mon–Fri in (from, to]", () => {
    expect(workingDaysBetween(day("2024-01-01"), day("2024-01-12"))).toBe(9); // Mon → Fri next week
    expect(workingDaysBetween(day("2024-01-05"), day("2024-01-08"))).toBe(1); // Fri → Mon
    expect(workingDaysBetween(day("2024-01-06"), day("2024-01-07"))).toBe(0); // Sat → Sun
    expect(workingDaysBetween(day("2024-01-03"), day("2024-01-03"))).toBe(0);
    expect(workingDaysBetween(day("1969-12-26"), day("1970-01-02"))).toBe(5); // before day 0
  });

  it("addWorkingDays lands on the n-th working day and inverts the count", () => {
    const sat = day("2024-01-06");
    expect(addWorkingDays(sat, 0)).toBe(sat);
    expect(addWorkingDays(sat, 1)).toBe(day("2024-01-08"));
    expect(addWorkingDays(sat, 5)).toBe(day("2024-01-12"));
    expect(addWorkingDays(day("2024-01-05"), 1)).toBe(day("2024-01-08"));
    for (let start = day("2024-01-01"); start < day("2024-01-15"); start++) {
      for (let n = 0; n <= 23; n++) {
        const end = addWorkingDays(start, n);
        expect(workingDaysBetween(start, end)).toBe(n);
        if (n > 0) expect(workingDaysBetween(start, end - 1)).toBe(n - 1); // no earlier day has n
      }
    }
  });

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
