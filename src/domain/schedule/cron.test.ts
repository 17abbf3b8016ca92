import { describe, expect, it } from "vitest";
import { dueSlots, MISSED_GRACE_MS, nextFires, parseCron, ScheduleError } from "./cron";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("next fire times", () => {
  it("reads the cron in America/Sao_Paulo (UTC-3, no DST since 2019): B3 hours 10–17 on weekdays", () => {
    // Wed 2026-11-25 17:50 in São Paulo = 20:50Z
    expect(iso(nextFires("*/5 10-17 * * 1-5", "America/Sao_Paulo", new Date("2026-11-25T20:50:00Z"), 3))).toEqual([
      "2026-11-25T20:55:00.000Z", // 17:55 local
      "2026-11-26T13:00:00.000Z", // Thu 10:00 local
      "2026-11-26T13:05:00.000Z",
    ]);
    // Friday evening → Monday 10:00
    expect(iso(nextFires("0 10 * * 1-5", "America/Sao_Paulo", new Date("2026-11-27T21:00:00Z"), 1))).toEqual([
      "2026-11-30T13:00:00.000Z",
    ]);
  });

  it("keeps São Paulo's UTC instants steady while New York changes to daylight time (2026-03-08)", () => {
    const sp = nextFires("0 9 * * *", "America/Sao_Paulo", new Date("2026-03-06T00:00:00Z"), 4);
    expect(iso(sp)).toEqual([
      "2026-03-06T12:00:00.000Z",
      "2026-03-07T12:00:00.000Z",
      "2026-03-08T12:00:00.000Z",
      "2026-03-09T12:00:00.000Z",
    ]);
    const ny = nextFires("0 9 * * *", "America/New_York", new Date("2026-03-06T00:00:00Z"), 4);
    // 09:00 EST = 14:00Z until Saturday; 09:00 EDT = 13:00Z from Sunday 8 March.
    expect(iso(ny)).toEqual([
      "2026-03-06T14:00:00.000Z",
      "2026-03-07T14:00:00.000Z",
      "2026-03-08T13:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
    ]);
  });

  it("fires a local time that does not exist on the spring-forward day once, at the next valid instant", () => {
    const ny = nextFires("30 2 * * *", "America/New_York", new Date("2026-03-07T12:00:00Z"), 2);
    expect(iso(ny)).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
  });

  it("takes seconds as an optional sixth field", () => {
    expect(iso(nextFires("*/15 * * * * *", "UTC", new Date("2026-01-01T00:00:00Z"), 2))).toEqual([
      "2026-01-01T00:00:15.000Z",
      "2026-01-01T00:00:30.000Z",
    ]);
  });
});

describe("refusals name the field and the reason", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it.each([
    ["0 0 30 2 *", "UTC", "cron", /never fires/],
    ["0 0 31 4 *", "UTC", "cron", /never fires/],
    ["* * *", "UTC", "cron", /5 fields/],
    ["0 0 0 0 0 0 0", "UTC", "cron", /has 7/],
    ["61 * * * *", "UTC", "cron", /not valid/],
    ["0 9 * * *", "Mars/Olympus", "timezone", /IANA/],
    ["0 9 * * *", "", "timezone", /IANA/],
  ])("%s in %s → %s", (cron, tz, field, msg) => {
    try {
      parseCron(cron, tz, now);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleError);
      expect((e as ScheduleError).field).toBe(field);
      expect((e as Error).message).toMatch(msg);
    }
  });
});

describe("due slots at a tick", () => {
  const base = {
    cron: "0 * * * *",
    timezone: "America/Sao_Paulo",
    maxBackfill: 10,
    since: new Date("2026-01-01T00:00:00Z"),
  };
  const now = new Date("2026-01-01T05:00:10Z"); // 10 s after the 05:00 slot; slots 01..04 were missed

  it("fires the slot that is due now, and nothing else, when nothing was missed", () => {
    const r = dueSlots({ ...base, missedPolicy: "skip", lastSlotAt: new Date("2026-01-01T04:00:00Z") }, now);
    expect(iso(r.fire)).toEqual(["2026-01-01T05:00:00.000Z"]);
    expect(r.skipped).toBe(0);
    expect(r.nextRunAt!.toISOString()).toBe("2026-01-01T06:00:00.000Z");
  });

  it("skip: passes over the slots missed during downtime", () => {
    const r = dueSlots({ ...base, missedPolicy: "skip", lastSlotAt: new Date("2026-01-01T00:00:00Z") }, now);
    expect(iso(r.fire)).toEqual(["2026-01-01T05:00:00.000Z"]);
    expect(r.skipped).toBe(4);
  });

  it("once: one run stands for all the missed slots", () => {
    const later = new Date("2026-01-01T05:30:00Z"); // 05:00 is now missed too
    const r = dueSlots({ ...base, missedPolicy: "once", lastSlotAt: new Date("2026-01-01T00:00:00Z") }, later);
    expect(iso(r.fire)).toEqual(["2026-01-01T05:00:00.000Z"]);
    expect(r.skipped).toBe(4);
    expect(r.lastSlotAt!.toISOString()).toBe("2026-01-01T05:00:00.000Z");
  });

  it("backfill: each missed slot, the most recent maxBackfill of them", () => {
    const r = dueSlots(
      { ...base, missedPolicy: "backfill", maxBackfill: 2, lastSlotAt: new Date("2026-01-01T00:00:00Z") },
      now,
    );
    expect(iso(r.fire)).toEqual(["2026-01-01T03:00:00.000Z", "2026-01-01T04:00:00.000Z", "2026-01-01T05:00:00.000Z"]);
    expect(r.skipped).toBe(2);
  });

  it("a second tick at the same instant finds nothing left to fire", () => {
    const first = dueSlots({ ...base, missedPolicy: "backfill", lastSlotAt: null }, now);
    const second = dueSlots({ ...base, missedPolicy: "backfill", lastSlotAt: first.lastSlotAt }, now);
    expect(second.fire).toEqual([]);
    expect(MISSED_GRACE_MS).toBe(60_000);
  });
});
