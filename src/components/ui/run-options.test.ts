import { describe, expect, it } from "vitest";
import {
  DEFAULT_RUN_OPTIONS,
  instantToZoned,
  isDefaultRunOptions,
  MAX_DELAY_MINUTES,
  resolveRunOptions,
  zonedToInstant,
  type RunOptionsValue,
} from "./run-options";

// A fixed clock: 2026-03-10 12:00 UTC (09:00 in São Paulo, 13:00 in Berlin).
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const SP = "America/Sao_Paulo";
const at = (o: Partial<RunOptionsValue>, timeZone = SP) =>
  resolveRunOptions({ ...DEFAULT_RUN_OPTIONS, ...o }, { now: NOW, timeZone });
const fields = (r: ReturnType<typeof resolveRunOptions>) => (r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`));

describe("run options → start options", () => {
  it("asks for nothing with the defaults (normal priority, start now)", () => {
    expect(at({})).toEqual({ ok: true, input: {} });
    expect(isDefaultRunOptions(DEFAULT_RUN_OPTIONS)).toBe(true);
    expect(isDefaultRunOptions({ ...DEFAULT_RUN_OPTIONS, start: "in" })).toBe(false);
  });

  it("turns the presets and a custom number into a priority", () => {
    expect(at({ priority: "low" })).toEqual({ ok: true, input: { priority: -10 } });
    expect(at({ priority: "high" })).toEqual({ ok: true, input: { priority: 10 } });
    expect(at({ priority: "custom", customPriority: " 250 " })).toEqual({ ok: true, input: { priority: 250 } });
    expect(at({ priority: "custom", customPriority: "−1000" })).toEqual({ ok: true, input: { priority: -1000 } });
    expect(at({ priority: "custom", customPriority: "0" })).toEqual({ ok: true, input: {} });
  });

  it.each(["1001", "-1001", "2.5", "", "high", "1e3"])("refuses custom priority %j, naming the field", (p) => {
    expect(fields(at({ priority: "custom", customPriority: p }))).toEqual(["priority:priorityRange"]);
  });

  it("turns 'in 15 minutes' into delayMs (independent of the clock and zone)", () => {
    expect(at({ start: "in", inMinutes: "15" })).toEqual({ ok: true, input: { delayMs: 900_000 } });
    expect(at({ start: "in", inMinutes: String(MAX_DELAY_MINUTES) }, "Europe/Berlin")).toEqual({
      ok: true,
      input: { delayMs: 30 * 86_400_000 },
    });
  });

  it.each(["0", "-5", "43201", "1.5", "", "soon"])("refuses %j minutes, naming delayMs", (m) => {
    expect(fields(at({ start: "in", inMinutes: m }))).toEqual(["delayMs:minutesRange"]);
  });

  it("reads 'at' as wall-clock time in the viewer's time zone", () => {
    // 15:30 in São Paulo (UTC−3, no DST since 2019) is 18:30 UTC.
    expect(at({ start: "at", at: "2026-03-10T15:30" })).toEqual({
      ok: true,
      input: { runAt: "2026-03-10T18:30:00.000Z" },
    });
    // The same wall-clock time in Berlin (UTC+1 in March before the change) is 14:30 UTC.
    expect(at({ start: "at", at: "2026-03-10T15:30" }, "Europe/Berlin")).toEqual({
      ok: true,
      input: { runAt: "2026-03-10T14:30:00.000Z" },
    });
  });

  it("refuses a time in the past, beyond 30 days, missing or not a date, naming runAt", () => {
    expect(fields(at({ start: "at", at: "2026-03-10T08:59" }))).toEqual(["runAt:dateTimePast"]);
    expect(fields(at({ start: "at", at: "2026-04-09T09:00" }))).toEqual([]); // exactly 30 days
    expect(fields(at({ start: "at", at: "2026-04-09T09:01" }))).toEqual(["runAt:dateTimeTooFar"]);
    expect(fields(at({ start: "at", at: "" }))).toEqual(["runAt:dateTimeMissing"]);
    expect(fields(at({ start: "at", at: "2026-02-30T10:00" }))).toEqual(["runAt:dateTimeInvalid"]);
    expect(fields(at({ start: "at", at: "tomorrow" }))).toEqual(["runAt:dateTimeInvalid"]);
    expect(fields(at({ start: "at", at: "2026-03-10T15:30" }, "Mars/Olympus"))).toEqual(["runAt:dateTimeInvalid"]);
  });

  it("reports every field at fault at once", () => {
    expect(fields(at({ priority: "custom", customPriority: "x", start: "in", inMinutes: "0" }))).toEqual([
      "priority:priorityRange",
      "delayMs:minutesRange",
    ]);
  });
});

describe("wall-clock time in a zone", () => {
  it("round-trips an ordinary time", () => {
    const t = zonedToInstant("2026-07-01T08:15", "Europe/Lisbon")!;
    expect(new Date(t).toISOString()).toBe("2026-07-01T07:15:00.000Z");
    expect(instantToZoned(t, "Europe/Lisbon")).toBe("2026-07-01T08:15");
    expect(instantToZoned(NOW, SP)).toBe("2026-03-10T09:00");
  });

  it("moves a skipped time forward by the gap (Berlin, 2026-03-29 02:30 does not exist)", () => {
    expect(new Date(zonedToInstant("2026-03-29T02:30", "Europe/Berlin")!).toISOString()).toBe(
      "2026-03-29T01:30:00.000Z", // 03:30 CEST
    );
  });

  it("takes the first of a repeated time (Berlin, 2026-10-25 02:30 happens twice)", () => {
    expect(new Date(zonedToInstant("2026-10-25T02:30", "Europe/Berlin")!).toISOString()).toBe(
      "2026-10-25T00:30:00.000Z", // 02:30 CEST, not CET
    );
  });

  it("handles zones east and west of UTC and with half hours", () => {
    expect(new Date(zonedToInstant("2026-01-01T00:00", "Asia/Kolkata")!).toISOString()).toBe(
      "2025-12-31T18:30:00.000Z",
    );
    expect(new Date(zonedToInstant("2026-01-01T00:00", "America/Los_Angeles")!).toISOString()).toBe(
      "2026-01-01T08:00:00.000Z",
    );
    expect(new Date(zonedToInstant("2026-01-01T00:00", "UTC")!).toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});
