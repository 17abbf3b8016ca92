import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addDays,
  addMonths,
  dayToIsoDate,
  daysBetween,
  DAY_MS,
  DEFAULT_TIME_ZONE,
  eachDay,
  instantToZoned,
  InvalidDateError,
  isIsoDate,
  isoDateIn,
  isoDateToDay,
  isTimeZone,
  offsetMinutesIn,
  today,
  toDay,
  zonedToInstant,
} from "./dates";

// 2026-11-26 01:30 UTC = 2026-11-25 22:30 in São Paulo (UTC−3) = 2026-11-26 10:30 in Tokyo.
const NOW = new Date("2026-11-26T01:30:00Z");

describe("calendar dates (zone-less)", () => {
  it("accepts only real dates written yyyy-MM-dd", () => {
    expect(["2024-02-29", "0050-06-15", "1969-12-31"].every(isIsoDate)).toBe(true);
    for (const bad of [
      "2023-02-29",
      "2024-13-01",
      "2024-04-31",
      "2024-1-01",
      "2024-01-01T00:00:00Z",
      "",
      " 2024-01-01",
    ])
      expect(isIsoDate(bad)).toBe(false);
    expect(isIsoDate(20240101)).toBe(false);
  });

  it("throws InvalidDateError naming an invalid date", () => {
    expect(() => toDay("2024-02-30")).toThrow(InvalidDateError);
    expect(() => addDays("soon", 1)).toThrow(/not a calendar date \(YYYY-MM-DD\): soon/);
    expect(() => daysBetween("2024-01-01", "2024-02-30")).toThrow(/2024-02-30/);
    expect(() => eachDay("2024-01-01", "x")).toThrow(RangeError);
    expect(() => addMonths("2024-02-30", 1)).toThrow(InvalidDateError);
  });

  it("adds days across months, leap days, years and DST changes", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(addDays("2024-03-30", 2)).toBe("2024-04-01"); // EU DST on 2024-03-31
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("0050-06-15", 1)).toBe("0050-06-16");
    expect(daysBetween("2024-01-01", "2024-03-11")).toBe(70);
    expect(daysBetween("2024-03-11", "2024-01-01")).toBe(-70);
  });

  it("lists every day of a range, empty when it is reversed", () => {
    expect(eachDay("2024-02-28", "2024-03-01")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(eachDay("2024-03-01", "2024-02-28")).toEqual([]);
  });

  it("adds months clamped to the month's last day", () => {
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2024-01-15", -12)).toBe("2023-01-15");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
  });

  it("day numbers round-trip and agree with Date in UTC (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), fc.integer({ min: -5000, max: 5000 }), (day, n) => {
        const iso = dayToIsoDate(day);
        expect(isoDateToDay(iso)).toBe(day);
        expect(addDays(iso, n)).toBe(dayToIsoDate(day + n));
        if (day >= 0) expect(iso).toBe(new Date(day * DAY_MS).toISOString().slice(0, 10));
      }),
    );
  });
});

describe("today and instants (zoned)", () => {
  it("is São Paulo's today unless a zone is given", () => {
    expect(DEFAULT_TIME_ZONE).toBe("America/Sao_Paulo");
    expect(today(NOW)).toBe("2026-11-25");
    expect(today(NOW, "Asia/Tokyo")).toBe("2026-11-26");
    expect(today(NOW, "UTC")).toBe("2026-11-26");
    expect(today(NOW.getTime(), "America/New_York")).toBe("2026-11-25");
  });

  it("follows São Paulo's offset history (DST until 2019)", () => {
    // 2018-12-01 02:30 UTC: São Paulo was on summer time (UTC−2) → 00:30 on the 1st.
    expect(isoDateIn(Date.parse("2018-12-01T02:30:00Z"), DEFAULT_TIME_ZONE)).toBe("2018-12-01");
    expect(isoDateIn(Date.parse("2023-12-01T02:30:00Z"), DEFAULT_TIME_ZONE)).toBe("2023-11-30");
  });

  it("gives a zone's offset at an instant", () => {
    expect(offsetMinutesIn(DEFAULT_TIME_ZONE, NOW)).toBe(-180);
    expect(offsetMinutesIn(DEFAULT_TIME_ZONE, Date.parse("2018-12-01T02:30:00Z"))).toBe(-120);
    expect(offsetMinutesIn("Asia/Kolkata", NOW)).toBe(330);
    expect(offsetMinutesIn("UTC", NOW)).toBe(0);
    expect(() => offsetMinutesIn("Mars/Olympus", NOW)).toThrow(RangeError);
  });

  it("reads the host's zone without one (forms in the browser)", () => {
    const d = new Date(2024, 0, 31, 23, 59);
    expect(isoDateIn(d)).toBe("2024-01-31");
  });

  it("refuses unknown zones and invalid instants", () => {
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("Europe/Lisbon")).toBe(true);
    expect(() => today(NOW, "Mars/Olympus")).toThrow(/not an IANA time zone/);
    expect(() => isoDateIn(new Date("nope"), "UTC")).toThrow(RangeError);
    expect(() => isoDateIn(NaN)).toThrow(RangeError);
  });
});

describe("wall-clock times in a zone", () => {
  it("round-trips, and takes the first of a repeated time and moves a skipped one forward", () => {
    const t = zonedToInstant("2026-11-25T22:30", DEFAULT_TIME_ZONE)!;
    expect(t).toBe(NOW.getTime());
    expect(instantToZoned(t, DEFAULT_TIME_ZONE)).toBe("2026-11-25T22:30");
    expect(new Date(zonedToInstant("2026-11-01T01:30", "America/Los_Angeles")!).toISOString()).toBe(
      "2026-11-01T08:30:00.000Z", // 01:30 PDT, the first
    );
    expect(new Date(zonedToInstant("2026-03-08T02:30", "America/Los_Angeles")!).toISOString()).toBe(
      "2026-03-08T10:30:00.000Z", // 03:30 PDT
    );
  });

  it("is null for what is not a wall-clock time or a zone", () => {
    for (const bad of ["2026-02-30T10:00", "2026-01-01T24:00", "2026-01-01 10:00", "tomorrow"])
      expect(zonedToInstant(bad, DEFAULT_TIME_ZONE)).toBeNull();
    expect(zonedToInstant("2026-01-01T10:00", "Mars/Olympus")).toBeNull();
  });
});
