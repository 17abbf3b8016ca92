import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mergePartial, PartialReporter } from "./partial";
import type { PartialMessage } from "./events";
import type { PartialRecord } from "./run-partial.repository";

/** A reporter whose writes are recorded, on a fake clock. */
function harness() {
  let clock = 0;
  const persisted: PartialRecord[] = [];
  const published: PartialMessage[] = [];
  let chain = Promise.resolve();
  let seq = 0;
  const r = new PartialReporter("run-1", {
    publishMs: 250,
    persistMs: 1000,
    now: () => clock,
    ownerId: "u1",
    enqueue: (w) => void (chain = chain.then(w)),
    persist: async (_id, p) => {
      persisted.push(p);
      return ++seq;
    },
    publish: async (m) => void published.push(m),
  });
  const advance = async (ms: number) => {
    clock += ms;
    await vi.advanceTimersByTimeAsync(ms);
    await chain;
  };
  return { r, persisted, published, advance, settle: () => chain };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("PartialReporter", () => {
  it("publishes the first at once (persisted), then at most every publishMs, persisting at most every persistMs", async () => {
    const h = harness();
    h.r.report({ n: 1 }, { done: { count: 1, total: 10, unit: "trials" } });
    await h.settle();
    expect(h.persisted.map((p) => p.result)).toEqual([{ n: 1 }]);
    expect(h.published).toHaveLength(1);
    expect(h.published[0]).toMatchObject({ type: "partial", seq: 1, result: { n: 1 }, final: false, ownerId: "u1" });

    // 100 reports within 100 ms: one live message when the publish interval ends, with the latest.
    for (let i = 2; i <= 101; i++) h.r.report({ n: i });
    await h.advance(100);
    expect(h.published).toHaveLength(1);
    await h.advance(150);
    expect(h.published).toHaveLength(2);
    expect(h.published[1]).toMatchObject({ result: { n: 101 } });
    expect(h.published[1]!.seq).toBeUndefined(); // live only: within persistMs of the last write
    expect(h.persisted).toHaveLength(1);

    // No later report: the latest still reaches the database within persistMs.
    await h.advance(1000);
    expect(h.persisted.map((p) => p.result)).toEqual([{ n: 1 }, { n: 101 }]);
    h.r.close();
  });

  it("keeps done and precision when a later report leaves them out (merging)", () => {
    const a = mergePartial(null, 1, { done: { count: 1, total: 4, unit: "trials" }, precision: 0.5 }, "t1");
    const b = mergePartial(a, 2, {}, "t2");
    expect(b).toEqual({
      result: 2,
      done: { count: 1, total: 4, unit: "trials" },
      precision: 0.5,
      at: "t2",
      final: false,
    });
    const c = mergePartial(b, 3, { done: { count: 4, total: 4, unit: "trials" } }, "t3");
    expect(c.done).toEqual({ count: 4, total: 4, unit: "trials" });
    expect(mergePartial(null, 1, {}, "t")).toEqual({ result: 1, at: "t", final: false });
  });

  it("on close persists the latest once more, marked final, and ignores later reports", async () => {
    const h = harness();
    h.r.report({ n: 1 });
    await h.settle();
    h.r.report({ n: 2 }, { done: { count: 5, total: 10, unit: "trials" } });
    h.r.close();
    h.r.report({ n: 3 });
    await h.settle();
    await h.advance(5000);
    const last = h.persisted[h.persisted.length - 1]!;
    expect(last).toMatchObject({ result: { n: 2 }, final: true, done: { count: 5, total: 10 } });
    expect(h.persisted.some((p) => (p.result as { n: number }).n === 3)).toBe(false);
    expect(h.published[h.published.length - 1]).toMatchObject({ final: true, seq: h.persisted.length });
  });

  it("a run that never reports writes nothing, even on close", async () => {
    const h = harness();
    h.r.close();
    await h.advance(5000);
    expect(h.persisted).toEqual([]);
    expect(h.published).toEqual([]);
  });

  it("copies the result (later mutation by the task does not change what is sent) and refuses a bad `done`", async () => {
    const h = harness();
    const live = { n: 1 };
    h.r.report(live);
    live.n = 99;
    await h.settle();
    expect(h.persisted[0]!.result).toEqual({ n: 1 });
    expect(() => h.r.report(1, { done: { count: -1, total: 1, unit: "x" } })).toThrow(/done needs/);
    expect(() => h.r.report(1, { precision: NaN })).toThrow(/precision/);
  });
});
