import { describe, expect, it } from "vitest";
import { addDays, addWorkingDays, daysBetween, isIsoCalendarDate, isWeekend, workingDaysBetween } from "./dates";

describe("calendar dates", () => {
  it("accepts only real calendar dates written YYYY-MM-DD", () => {
    expect(isIsoCalendarDate("2024-02-29")).toBe(true);
    expect(isIsoCalendarDate("2023-02-29")).toBe(false);
    expect(isIsoCalendarDate("2024-13-01")).toBe(false);
    expect(isIsoCalendarDate("2024-04-31")).toBe(false);
    expect(isIsoCalendarDate("2024-1-01")).toBe(false);
    expect(isIsoCalendarDate("2024-01-01T00:00:00Z")).toBe(false);
    expect(isIsoCalendarDate("0050-06-15")).toBe(true);
  });

  it("adds days across month, leap-day, year and DST boundaries (A-P4)", () => {
    expect(addDays("2024-01-01", 12 * 7)).toBe("2024-03-25");
    expect(addDays("2024-01-01", 10 * 7)).toBe("2024-03-11");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(addDays("2024-03-30", 2)).toBe("2024-04-01"); // EU DST switch on 2024-03-31
    expect(addDays("2024-11-02", 7)).toBe("2024-11-09"); // US DST switch on 2024-11-03
    expect(addDays("0050-06-15", 1)).toBe("0050-06-16");
  });

  it("counts whole days between dates", () => {
    expect(daysBetween("2024-01-01", "2024-03-11")).toBe(70);
    expect(daysBetween("2024-03-11", "2024-01-01")).toBe(-70);
    expect(() => daysBetween("2024-01-01", "2024-02-30")).toThrow(/2024-02-30/);
  });

  it("knows weekends", () => {
    expect(["2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08"].map(isWeekend)).toEqual([false, true, true, false]);
    expect(isWeekend("1970-01-01")).toBe(false); // a Thursday
    expect(isWeekend("1969-12-28")).toBe(true); // a Sunday, before the epoch
  });

  it("adds working days: the n-th weekday strictly after the date (like addDays for calendar days)", () => {
    expect(addWorkingDays("2024-01-01", 0)).toBe("2024-01-01");
    expect(addWorkingDays("2024-01-01", 4)).toBe("2024-01-05");
    expect(addWorkingDays("2024-01-01", 5)).toBe("2024-01-08");
    expect(addWorkingDays("2024-01-01", 10)).toBe("2024-01-15");
    expect(addWorkingDays("2024-01-04", 2)).toBe("2024-01-08"); // Thu + 2 → Mon
    expect(addWorkingDays("2024-01-06", 0)).toBe("2024-01-06"); // Saturday start, nothing to do
    expect(addWorkingDays("2024-01-06", 1)).toBe("2024-01-08");
    expect(addWorkingDays("2024-01-07", 1)).toBe("2024-01-08");
    expect(addWorkingDays("2024-02-26", 5)).toBe("2024-03-04"); // across the leap day
    expect(() => addWorkingDays("2024-01-01", -1)).toThrow(RangeError);
  });

  it("counts weekdays in (from, to]: the largest P with addWorkingDays(from, P) ≤ to", () => {
    expect(workingDaysBetween("2024-01-01", "2024-01-12")).toBe(9);
    expect(workingDaysBetween("2024-01-01", "2024-01-13")).toBe(9);
    expect(workingDaysBetween("2024-01-01", "2024-01-15")).toBe(10);
    expect(workingDaysBetween("2024-01-06", "2024-01-08")).toBe(1);
    expect(workingDaysBetween("2024-01-15", "2024-01-01")).toBe(0);
    for (let n = 0; n < 40; n++) {
      for (const start of ["2024-01-01", "2024-01-03", "2024-01-06", "2024-01-07", "1969-12-27"]) {
        const end = addWorkingDays(start, n);
        expect(workingDaysBetween(start, end)).toBe(n);
        expect(workingDaysBetween(start, addDays(end, 1))).toBe(isWeekend(addDays(end, 1)) ? n : n + 1);
      }
    }
  });
});
