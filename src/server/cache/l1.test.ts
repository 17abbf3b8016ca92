import { describe, expect, it } from "vitest";
import { L1 } from "./l1";
import { l1Key } from "./keys";

const entry = (json: string, expiresAt: number, staleUntil = expiresAt) => ({ json, expiresAt, staleUntil });

describe("L1 (in-process LRU)", () => {
  it("expires entries on the injected clock", () => {
    let t = 1000;
    const l1 = new L1(10, 1 << 20, () => t);
    l1.set("k", entry('"v"', 1500));
    t = 1499;
    expect(l1.get("k")?.json).toBe('"v"');
    t = 1500;
    expect(l1.get("k")).toBeUndefined();
    expect(l1.entries).toBe(0);
  });

  it("keeps an entry until its stale deadline", () => {
    let t = 0;
    const l1 = new L1(10, 1 << 20, () => t);
    l1.set("k", entry("1", 100, 300));
    t = 200;
    expect(l1.get("k")).toBeDefined();
    t = 300;
    expect(l1.get("k")).toBeUndefined();
  });

  it("is bounded by entries, evicting the least recently used", () => {
    const l1 = new L1(3, 1 << 20, () => 0);
    for (const k of ["a", "b", "c"]) l1.set(k, entry("1", 1e9));
    l1.get("a"); // a is now most recent
    l1.set("d", entry("1", 1e9));
    expect(l1.entries).toBe(3);
    expect(l1.get("b")).toBeUndefined();
    expect(l1.get("a")).toBeDefined();
  });

  it("is bounded by bytes, and keeps its byte count and the change callback in step", () => {
    let entries = 0;
    let bytes = 0;
    const l1 = new L1(
      1000,
      4096,
      () => 0,
      (n, b) => ((entries += n), (bytes += b)),
    );
    for (let i = 0; i < 50; i++) l1.set(`k${i}`, entry(`"${"x".repeat(200)}"`, 1e9));
    expect(l1.totalBytes).toBeLessThanOrEqual(4096);
    expect(l1.entries).toBeLessThan(50);
    expect(l1.entries).toBeGreaterThan(0);
    expect([entries, bytes]).toEqual([l1.entries, l1.totalBytes]);
    l1.set("huge", entry(`"${"x".repeat(5000)}"`, 1e9)); // larger than the whole L1: not kept
    expect(l1.get("huge")).toBeUndefined();
    l1.set("k49", entry('"replaced"', 1e9)); // overwrite counts once
    l1.clear();
    expect([entries, bytes, l1.totalBytes]).toEqual([0, 0, 0]);
  });

  it("clears and counts by namespace", () => {
    const l1 = new L1(100, 1 << 20, () => 0);
    l1.set(l1Key("a", "1"), entry("1", 1e9));
    l1.set(l1Key("a", "2"), entry("1", 1e9));
    l1.set(l1Key("a:b", "1"), entry("1", 1e9));
    expect(Object.fromEntries(l1.countByNamespace())).toEqual({ a: 2, "a:b": 1 });
    expect(l1.clearNamespace("a")).toHaveLength(2);
    expect(Object.fromEntries(l1.countByNamespace())).toEqual({ "a:b": 1 });
  });
});
