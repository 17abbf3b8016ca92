/** Relative ranges resolved against a fixed clock, in the place's zone (São Paulo when none). */
import { describe, expect, it } from "vitest";
import { localToday, resolveRelativeRange } from "./eto-dates";

// 02:30 UTC on 26 November: still the 25th in São Paulo (UTC−3), already the 26th in Tokyo.
const NOW = new Date("2026-11-26T02:30:00Z");

describe("resolveRelativeRange", () => {
  it("takes today in the place's zone, São Paulo by default", () => {
    expect(localToday(null, NOW)).toBe("2026-11-25");
    expect(localToday("America/Sao_Paulo", NOW)).toBe("2026-11-25");
    expect(localToday("Asia/Tokyo", NOW)).toBe("2026-11-26");
    expect(localToday("UTC", NOW)).toBe("2026-11-26");
  });
  it("lastDays N: the N full days ending yesterday", () => {
    expect(resolveRelativeRange({ lastDays: 7 }, null, NOW)).toEqual({ start: "2026-11-18", end: "2026-11-24" });
    expect(resolveRelativeRange({ lastDays: 7 }, "Asia/Tokyo", NOW)).toEqual({
      start: "2026-11-19",
      end: "2026-11-25",
    });
    expect(resolveRelativeRange({ lastDays: 1 }, null, NOW)).toEqual({ start: "2026-11-24", end: "2026-11-24" });
    expect(resolveRelativeRange({ lastDays: 366 }, "UTC", NOW)).toEqual({ start: "2025-11-25", end: "2026-11-25" });
  });
  it("periods: last month, this month to date, the next 7 days", () => {
    expect(resolveRelativeRange({ period: "last-month" }, null, NOW)).toEqual({
      start: "2026-10-01",
      end: "2026-10-31",
    });
    expect(resolveRelativeRange({ period: "this-month" }, null, NOW)).toEqual({
      start: "2026-11-01",
      end: "2026-11-25",
    });
    expect(resolveRelativeRange({ period: "next-7-days" }, null, NOW)).toEqual({
      start: "2026-11-25",
      end: "2026-12-01",
    });
    const march1 = new Date("2024-03-01T12:00:00Z");
    expect(resolveRelativeRange({ period: "last-month" }, null, march1)).toEqual({
      start: "2024-02-01",
      end: "2024-02-29",
    });
    const jan1 = new Date("2027-01-01T12:00:00Z");
    expect(resolveRelativeRange({ period: "last-month" }, null, jan1)).toEqual({
      start: "2026-12-01",
      end: "2026-12-31",
    });
    expect(resolveRelativeRange({ period: "this-month" }, null, jan1)).toEqual({
      start: "2027-01-01",
      end: "2027-01-01",
    });
  });
});
