import { afterEach, describe, expect, it } from "vitest";
import { createCache, type Cache } from "@/server/cache";
import { registry } from "@/server/metrics";
import { CacheNamespaceError, CacheValueError, CacheValueTooLargeError } from "./types";

let clock = 1_000_000;
const open: Cache[] = [];
function memory(o: { maxEntries?: number; maxBytes?: number; maxValueBytes?: number } = {}): Cache {
  clock = 1_000_000;
  const c = createCache({
    backend: "memory",
    l1MaxEntries: o.maxEntries ?? 1000,
    l1MaxBytes: o.maxBytes ?? 1 << 20,
    maxValueBytes: o.maxValueBytes ?? 64 * 1024,
    now: () => clock,
  });
  open.push(c);
  return c;
}
const tick = () => new Promise((r) => setImmediate(r));
const ns = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("cache (memory backend)", () => {
  it("computes on a miss, then serves from L1 until the TTL passes on the injected clock", async () => {
    const c = memory();
    let n = 0;
    const compute = async () => ({ n: ++n });
    const opts = { ttlMs: 1000 };
    expect(await c.getOrComputeWithSource("t", "k", opts, compute)).toEqual({ value: { n: 1 }, source: "compute" });
    clock += 999;
    expect(await c.getOrComputeWithSource("t", "k", opts, compute)).toEqual({ value: { n: 1 }, source: "l1" });
    clock += 1;
    expect(await c.getOrComputeWithSource("t", "k", opts, compute)).toEqual({ value: { n: 2 }, source: "compute" });
    expect(await c.get("t", "k")).toEqual({ n: 2 });
  });

  it("hands each caller its own copy (mutating one result does not change the cache)", async () => {
    const c = memory();
    const first = await c.getOrCompute("t", 1, { ttlMs: 1000 }, async () => ({ list: [1] }));
    first.list.push(2);
    expect(await c.get("t", 1)).toEqual({ list: [1] });
  });

  it("runs one compute for 1,000 concurrent callers of one key", async () => {
    const c = memory();
    let computes = 0;
    const compute = async () => {
      computes++;
      await new Promise((r) => setTimeout(r, 20));
      return { v: 42 };
    };
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => c.getOrComputeWithSource("sf", { q: 1 }, { ttlMs: 5000 }, compute)),
    );
    expect(computes).toBe(1);
    expect(results.every((r) => r.value.v === 42 && r.source === "compute")).toBe(true);
    const s = (await c.stats()).namespaces.find((x) => x.namespace === "sf")!;
    expect(s.computes).toBe(1);
    expect(s.waits).toBe(999);
  });

  it("propagates a failing compute to every waiter and stores nothing", async () => {
    const c = memory();
    let calls = 0;
    const compute = async () => {
      calls++;
      await tick();
      throw new Error("upstream down");
    };
    const all = await Promise.allSettled(
      Array.from({ length: 5 }, () => c.getOrCompute("t", "k", { ttlMs: 1000 }, compute)),
    );
    expect(all.every((r) => r.status === "rejected" && (r.reason as Error).message === "upstream down")).toBe(true);
    expect(calls).toBe(1);
    expect(await c.get("t", "k")).toBeUndefined();
  });

  it("returns but never stores undefined (not found is not cached)", async () => {
    const c = memory();
    let calls = 0;
    const compute = async () => (calls++, undefined);
    expect(await c.getOrCompute("t", "k", { ttlMs: 1000 }, compute)).toBeUndefined();
    expect(await c.getOrCompute("t", "k", { ttlMs: 1000 }, compute)).toBeUndefined();
    expect(calls).toBe(2);
    expect((await c.stats()).l1.entries).toBe(0);
  });

  it("serves a stale value within ttl + swr and refreshes once in the background", async () => {
    const c = memory();
    let n = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      if (++n > 1) await gate;
      return n;
    };
    const opts = { ttlMs: 100, staleWhileRevalidateMs: 1000 };
    await c.getOrCompute("swr", "k", opts, compute);
    clock += 500; // past ttl, within swr
    const stale = await Promise.all([1, 2, 3].map(() => c.getOrComputeWithSource("swr", "k", opts, compute)));
    expect(stale.map((r) => [r.value, r.source])).toEqual([
      [1, "stale"],
      [1, "stale"],
      [1, "stale"],
    ]);
    expect(n).toBe(2); // one refresh for three stale reads
    release();
    await tick();
    expect(await c.getOrComputeWithSource("swr", "k", opts, compute)).toEqual({ value: 2, source: "l1" });
    clock += 100 + 1000; // past ttl + swr of the refreshed value: computed again, not stale
    expect((await c.getOrComputeWithSource("swr", "k", opts, compute)).source).toBe("compute");
    expect((await c.stats()).namespaces.find((s) => s.namespace === "swr")!.stale).toBe(3);
  });

  it("refuses values over CACHE_MAX_VALUE_BYTES on set; getOrCompute returns them uncached", async () => {
    const c = memory({ maxValueBytes: 100 });
    await expect(c.set("big", 1, "x".repeat(200), { ttlMs: 1000 })).rejects.toThrow(CacheValueTooLargeError);
    await expect(c.set("big", 1, "x".repeat(200), { ttlMs: 1000 })).rejects.toThrow(
      /"big" is 202 bytes, over the 100-byte limit/,
    );
    expect(await c.getOrCompute("big", 2, { ttlMs: 1000 }, async () => "y".repeat(200))).toHaveLength(200);
    expect(await c.get("big", 2)).toBeUndefined();
    expect((await c.stats()).namespaces.find((s) => s.namespace === "big")!.errors).toBe(1);
  });

  it("refuses non-JSON values and bad namespaces or options with clear errors", async () => {
    const c = memory();
    await expect(c.set("t", 1, { f: () => 1 }, { ttlMs: 1000 })).rejects.toThrow(CacheValueError);
    await expect(c.getOrCompute("t", 2, { ttlMs: 1000 }, async () => ({ n: 1n }))).rejects.toThrow(/bigint/);
    await expect(c.get("Bad NS", 1)).rejects.toThrow(CacheNamespaceError);
    await expect(c.set("t", 1, 1, { ttlMs: 0 })).rejects.toThrow(/ttlMs > 0/);
  });

  it("bounds L1 by entries and by bytes", async () => {
    const byCount = memory({ maxEntries: 10 });
    for (let i = 0; i < 50; i++) await byCount.set("n", i, i, { ttlMs: 60_000 });
    expect((await byCount.stats()).l1.entries).toBe(10);
    expect(await byCount.get("n", 49)).toBe(49);
    expect(await byCount.get("n", 0)).toBeUndefined();
    const byBytes = memory({ maxBytes: 8 * 1024 });
    for (let i = 0; i < 100; i++) await byBytes.set("b", i, "x".repeat(500), { ttlMs: 60_000 });
    const { l1 } = await byBytes.stats();
    expect(l1.bytes).toBeLessThanOrEqual(8 * 1024);
    expect(l1.entries).toBeLessThan(100);
  });

  it("deletes, clears one namespace, and reports stats", async () => {
    const c = memory();
    for (let i = 0; i < 3; i++) await c.set("a", i, i, { ttlMs: 1000 });
    await c.set("a:b", 1, 1, { ttlMs: 1000 });
    await c.delete("a", 0);
    expect(await c.get("a", 0)).toBeUndefined(); // a miss
    expect(await c.get("a", 1)).toBe(1); // an L1 hit
    expect(await c.clear("a")).toBe(2);
    expect(await c.get("a:b", 1)).toBe(1);
    const s = await c.stats();
    expect(s).toMatchObject({ backend: "memory", redis: "none", l1: { entries: 1, maxEntries: 1000 } });
    expect(s.namespaces.find((x) => x.namespace === "a")).toMatchObject({
      hits: { l1: 1, l2: 0 },
      misses: 1,
      hitRate: 0.5,
      l1Entries: 0,
    });
  });

  it("moves the Prometheus metrics", async () => {
    const c = memory();
    const name = ns("metrics");
    await c.getOrCompute(name, 1, { ttlMs: 1000 }, async () => 1);
    await c.getOrCompute(name, 1, { ttlMs: 1000 }, async () => 1);
    const text = await registry.metrics();
    expect(text).toContain(`fluxo_cache_hits_total{namespace="${name}",tier="l1"} 1`);
    expect(text).toContain(`fluxo_cache_misses_total{namespace="${name}"} 1`);
    expect(text).toContain(`fluxo_cache_computes_total{namespace="${name}"} 1`);
    expect(text).toMatch(/fluxo_cache_op_duration_seconds_count\{op="getOrCompute",source="l1"\} [1-9]/);
    expect(text).toMatch(/fluxo_cache_l1_entries [1-9]/);
  });
});
