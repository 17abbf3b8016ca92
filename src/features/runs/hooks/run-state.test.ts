import { describe, expect, it } from "vitest";
import { isTerminal, RUN_STATUSES } from "@/runs/status";
import {
  applyMessage,
  CANCELLABLE_STATUSES,
  fromSnapshot,
  isCancellable,
  isWaiting,
  mergeSnapshot,
  parseRunMessage,
  STATUS_ORDER,
  type RunSnapshot,
} from "./run-state";

const snap = (o: Partial<RunSnapshot> = {}): RunSnapshot => ({
  status: "running",
  attempt: 1,
  progress: 0.2,
  stage: "simulating",
  message: null,
  etaAt: null,
  error: null,
  eventSeq: 5,
  ...o,
});
const progress = (p: number, at: string, seq?: number) =>
  ({
    type: "progress",
    runId: "r",
    progress: p,
    stage: "simulating",
    message: null,
    etaAt: null,
    at,
    ...(seq ? { seq } : {}),
  }) as const;

describe("live run state", () => {
  it("ignores persisted messages at or below the shown seq", () => {
    const s = fromSnapshot(snap());
    expect(
      applyMessage(s, { type: "status", runId: "r", seq: 5, status: "queued", attempt: 0, progress: 0, at: "t" }),
    ).toBe(s);
    expect(applyMessage(s, progress(0.1, "2026-01-01T00:00:00Z", 4))).toBe(s);
  });

  it("applies newer progress and never lets an older ephemeral one win", () => {
    let s = fromSnapshot(snap());
    s = applyMessage(s, progress(0.5, "2026-01-01T00:00:02Z"))!;
    expect(s.progress).toBe(0.5);
    const stale = applyMessage(s, progress(0.4, "2026-01-01T00:00:01Z"))!;
    expect(stale.progress).toBe(0.5);
  });

  it("keeps a terminal status: later progress without seq changes nothing", () => {
    let s = fromSnapshot(snap());
    s = applyMessage(s, { type: "status", runId: "r", seq: 6, status: "succeeded", attempt: 1, progress: 1, at: "t" })!;
    expect(s.status).toBe("succeeded");
    expect(s.progress).toBe(1);
    expect(applyMessage(s, progress(0.7, "2099-01-01T00:00:00Z"))).toBe(s);
  });

  it("takes a newer snapshot, and refuses an older one", () => {
    const s = fromSnapshot(snap({ eventSeq: 9, status: "cancelling" }));
    expect(mergeSnapshot(s, snap({ eventSeq: 7 }))).toBe(s);
    expect(mergeSnapshot(s, snap({ eventSeq: 10, status: "cancelled" })).status).toBe("cancelled");
  });

  it("keeps finer live progress over a snapshot of the same seq", () => {
    const live = applyMessage(fromSnapshot(snap()), progress(0.6, "2026-01-01T00:00:03Z"))!;
    expect(mergeSnapshot(live, snap({ progress: 0.2 })).progress).toBe(0.6);
  });

  it("a scheduled run: an empty bar and no ETA until it starts, then it moves like any run", () => {
    let s = fromSnapshot(
      snap({ status: "scheduled", attempt: 0, progress: 0.3, stage: null, etaAt: "2099-01-01T00:00:00Z" }),
    );
    expect(s.status).toBe("scheduled");
    expect(s.progress).toBe(0);
    s = applyMessage(s, { type: "status", runId: "r", seq: 6, status: "running", attempt: 1, progress: 0, at: "t" })!;
    expect(s.status).toBe("running");
    s = applyMessage(s, progress(0.4, "2026-01-01T00:00:01Z", 7))!;
    expect(s.progress).toBe(0.4);
  });

  it("a status message to scheduled empties the bar and forgets the ETA and the error", () => {
    const failed = {
      ...fromSnapshot(snap({ status: "failed", progress: 0.5, etaAt: "2099-01-01T00:00:00Z" })),
      error: { name: "Error", message: "boom" },
    };
    const s = applyMessage(failed, {
      type: "status",
      runId: "r",
      seq: 6,
      status: "scheduled",
      attempt: 0,
      progress: 0.5,
      at: "t",
    })!;
    expect(s).toMatchObject({ status: "scheduled", progress: 0, etaAt: null, error: null });
  });

  it("a scheduled run cancelled while it waits ends there: later progress changes nothing", () => {
    let s = fromSnapshot(snap({ status: "scheduled", progress: 0, attempt: 0 }));
    s = applyMessage(s, { type: "status", runId: "r", seq: 6, status: "cancelled", attempt: 0, progress: 0, at: "t" })!;
    expect(s.status).toBe("cancelled");
    expect(applyMessage(s, progress(0.2, "2099-01-01T00:00:00Z"))).toBe(s);
  });

  it("parses only run messages from SSE data", () => {
    expect(parseRunMessage('{"type":"log","runId":"r","seq":3,"level":"info","message":"x","at":"t"}')).toMatchObject({
      type: "log",
      seq: 3,
    });
    expect(parseRunMessage("not json")).toBeNull();
    expect(parseRunMessage('{"hello":1}')).toBeNull();
    expect(parseRunMessage("null")).toBeNull();
  });
});

describe("statuses as the UI reasons about them", () => {
  it("scheduled is waiting, cancellable and not terminal", () => {
    expect(isWaiting("scheduled")).toBe(true);
    expect(isCancellable("scheduled")).toBe(true);
    expect(isTerminal("scheduled")).toBe(false);
    expect(isWaiting("running")).toBe(false);
  });

  it("Cancel applies to every active status but cancelling", () => {
    expect([...CANCELLABLE_STATUSES].sort()).toEqual(["queued", "retrying", "running", "scheduled"]);
    for (const s of ["succeeded", "failed", "cancelled", "dead", "cancelling"] as const)
      expect(isCancellable(s)).toBe(false);
  });

  it("the pickers' order names every status once (a new status is not forgotten)", () => {
    expect([...STATUS_ORDER].sort()).toEqual([...RUN_STATUSES].sort());
    expect(new Set(STATUS_ORDER).size).toBe(STATUS_ORDER.length);
  });
});
