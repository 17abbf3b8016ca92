import { describe, expect, it } from "vitest";
import type { PartialMessage } from "@/runs/events";
import { applyMessage, mergeSnapshot, type RunSnapshot } from "./run-state";

const snap = (o: Partial<RunSnapshot> = {}): RunSnapshot => ({
  status: "running",
  attempt: 1,
  progress: 0.2,
  stage: null,
  message: null,
  etaAt: null,
  error: null,
  eventSeq: 5,
  ...o,
});
const partial = (n: number, at: string, seq?: number, final = false): PartialMessage => ({
  type: "partial",
  runId: "r",
  result: { n },
  done: { count: n, total: 10, unit: "trials" },
  at,
  final,
  ...(seq !== undefined ? { seq } : {}),
});

describe("partial results in the live run state", () => {
  it("takes the snapshot's partial, then newer live ones; an older one never replaces a newer one", () => {
    let s = mergeSnapshot(null, snap({ partial: { result: { n: 1 }, at: "2026-01-01T00:00:01Z", final: false } }));
    expect(s.partial?.result).toEqual({ n: 1 });
    s = applyMessage(s, partial(3, "2026-01-01T00:00:03Z"))!; // live (no seq)
    expect(s.partial?.result).toEqual({ n: 3 });
    expect(s.seq).toBe(5);
    s = applyMessage(s, partial(2, "2026-01-01T00:00:02Z", 6))!; // persisted, but older than what is shown
    expect(s.partial?.result).toEqual({ n: 3 });
    expect(s.seq).toBe(6);
    s = applyMessage(s, partial(4, "2026-01-01T00:00:04Z", 7, true))!;
    expect(s.partial).toMatchObject({ result: { n: 4 }, final: true, done: { count: 4 } });
  });

  it("keeps the partial when a terminal status and a refetched snapshot follow", () => {
    let s = mergeSnapshot(null, snap());
    expect(s.partial).toBeNull();
    s = applyMessage(s, partial(4, "2026-01-01T00:00:04Z", 6, true))!;
    s = applyMessage(s, {
      type: "status",
      runId: "r",
      seq: 7,
      status: "cancelled",
      attempt: 1,
      progress: 0.4,
      at: "x",
    })!;
    expect(s.status).toBe("cancelled");
    s = mergeSnapshot(s, snap({ status: "cancelled", eventSeq: 7, partial: s.partial }));
    expect(s.partial).toMatchObject({ result: { n: 4 }, final: true });
  });
});
