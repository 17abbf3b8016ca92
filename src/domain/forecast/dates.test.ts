import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isIsoCalendarDate } from "./dates";

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
});
