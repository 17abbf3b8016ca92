import { describe, expect, it } from "vitest";
import { extrasOf, scheduledRunAt } from "./format";

describe("a run's enqueue fields, read defensively", () => {
  it("reads what the server sends", () => {
    expect(
      extrasOf({
        runAt: "2026-12-24T21:00:00.000Z",
        priority: 10,
        concurrencyKey: "acct-1",
        concurrencyLimit: 2,
        idempotencyKey: "order-42",
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      }),
    ).toEqual({
      runAt: "2026-12-24T21:00:00.000Z",
      priority: 10,
      concurrencyKey: "acct-1",
      concurrencyLimit: 2,
      idempotencyKey: "order-42",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
  });

  it("is all null for a server that does not send them yet (or sends odd values)", () => {
    const none = {
      runAt: null,
      priority: null,
      concurrencyKey: null,
      concurrencyLimit: null,
      idempotencyKey: null,
      traceId: null,
    };
    expect(extrasOf({ id: "r", priority: undefined })).toEqual(none);
    expect(extrasOf(undefined)).toEqual(none);
    expect(extrasOf({ runAt: "", priority: Number.NaN, concurrencyKey: 3 })).toEqual(none);
    expect(extrasOf({ runAt: new Date("2026-01-01T00:00:00Z") }).runAt).toBe("2026-01-01T00:00:00.000Z");
  });
});

describe("the time a run was scheduled for, from its history", () => {
  it("is the first scheduled status event's runAt", () => {
    expect(
      scheduledRunAt([
        { type: "status", payload: { status: "scheduled", attempt: 0, runAt: "2026-12-24T21:00:00+00:00" } },
        { type: "status", payload: { status: "running", attempt: 1 } },
      ]),
    ).toBe("2026-12-24T21:00:00+00:00");
  });

  it("is null for a run that was not delayed, or no history", () => {
    expect(scheduledRunAt([{ type: "status", payload: { status: "queued", attempt: 0 } }])).toBeNull();
    expect(scheduledRunAt([{ type: "status", payload: { status: "scheduled", runAt: "soon" } }])).toBeNull();
    expect(scheduledRunAt(undefined)).toBeNull();
  });
});
