import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher";

/** A flush that records its batches and answers each item with `item * 10`, after `ms`. */
function recorder(ms = 5) {
  const batches: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const flush = async (items: number[]) => {
    batches.push([...items]);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    return items.map((i) => i * 10);
  };
  return { batches, flush, maxInFlight: () => maxInFlight };
}

describe("Batcher (natural batching)", () => {
  it("sends a lone item at once, without waiting for a window", async () => {
    const r = recorder(0);
    const b = new Batcher({ name: "t", flush: r.flush });
    const t0 = performance.now();
    expect(await b.submit(7)).toBe(70);
    expect(performance.now() - t0).toBeLessThan(50); // a turn of the event loop, not a timer window
    expect(r.batches).toEqual([[7]]);
  });

  it("writes items submitted in one turn of the event loop as one batch, each caller getting its own answer", async () => {
    const r = recorder();
    const b = new Batcher({ name: "t", flush: r.flush });
    const answers = await Promise.all([1, 2, 3, 4].map((i) => b.submit(i)));
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(r.batches).toEqual([[1, 2, 3, 4]]);
  });

  it("gathers what arrives while a batch is in flight into the next one", async () => {
    const r = recorder(20);
    const b = new Batcher({ name: "t", flush: r.flush, maxInFlight: 1 });
    const first = b.submit(1);
    await new Promise((res) => setTimeout(res, 5)); // the first batch is being written
    const later = [2, 3, 4].map((i) => b.submit(i));
    await Promise.all([first, ...later]);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
  });

  it("never has more than maxInFlight batches being written", async () => {
    const r = recorder(10);
    const b = new Batcher({ name: "t", flush: r.flush, maxInFlight: 2, maxBatch: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => b.submit(i)));
    expect(r.maxInFlight()).toBeLessThanOrEqual(2);
    expect(r.batches.every((x) => x.length <= 3)).toBe(true);
    expect(r.batches.flat().sort((a, c) => a - c)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("keeps items with the same key in separate batches, in submission order", async () => {
    const r = recorder(5);
    const b = new Batcher({ name: "t", flush: r.flush, maxInFlight: 2, keyOf: (i: number) => String(i % 2) });
    await Promise.all([0, 1, 2, 3, 4].map((i) => b.submit(i)));
    for (const batch of r.batches) expect(new Set(batch.map((i) => i % 2)).size).toBe(batch.length);
    const order = r.batches.flat();
    expect(order.filter((i) => i % 2 === 0)).toEqual([0, 2, 4]);
    expect(order.filter((i) => i % 2 === 1)).toEqual([1, 3]);
  });

  it("does not let a later item overtake an earlier one with its key while that one is in flight", async () => {
    const seen: number[][] = [];
    const b = new Batcher<number, number>({
      name: "t",
      maxInFlight: 4,
      keyOf: () => "same",
      flush: async (items) => {
        seen.push(items);
        await new Promise((r) => setTimeout(r, 5));
        return items;
      },
    });
    await Promise.all([1, 2, 3].map((i) => b.submit(i)));
    expect(seen).toEqual([[1], [2], [3]]);
  });

  it("rejects every item of a batch whose write failed, and goes on with the next", async () => {
    let calls = 0;
    const b = new Batcher<number, number>({
      name: "t",
      flush: async (items) => {
        calls++;
        if (calls === 1) throw new Error("database unavailable");
        return items;
      },
    });
    const failed = await Promise.allSettled([b.submit(1), b.submit(2)]);
    expect(failed.map((f) => f.status)).toEqual(["rejected", "rejected"]);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe("database unavailable");
    expect(await b.submit(3)).toBe(3);
  });

  it("refuses a flush that answers for fewer items than it was given", async () => {
    const b = new Batcher<number, number>({ name: "short", flush: async (items) => items.slice(1) });
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow(/short: 1 answers for a batch of 2/);
  });
});
