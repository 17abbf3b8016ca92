import { describe, expect, it } from "vitest";
import { assertNamespace, hashKey, HASH_LENGTH, namespacePattern, valueKey } from "./keys";
import { CacheNamespaceError, CacheValueError } from "./types";

describe("cache keys", () => {
  it("hashes equal inputs equally whatever their key order", () => {
    expect(hashKey({ a: 1, b: { c: [1, 2], d: "x" } })).toBe(hashKey({ b: { d: "x", c: [1, 2] }, a: 1 }));
    expect(hashKey({ a: 1, skip: undefined })).toBe(hashKey({ a: 1 }));
  });

  it("tells different inputs apart", () => {
    const hashes = new Set([
      hashKey("1"),
      hashKey(1),
      hashKey([1]),
      hashKey({ a: 1 }),
      hashKey(null),
      hashKey({ a: [1, 2] }),
      hashKey({ a: [2, 1] }),
    ]);
    expect(hashes.size).toBe(7);
  });

  it("hashes Dates by their value, not as {}", () => {
    expect(hashKey({ at: new Date(1) })).not.toBe(hashKey({ at: new Date(2) }));
    expect(hashKey({ at: new Date(1) })).toBe(hashKey({ at: new Date(1).toISOString() }));
  });

  it("is a fixed-length hex hash", () => {
    expect(hashKey({ lat: 1.5, lon: 2 })).toMatch(new RegExp(`^[0-9a-f]{${HASH_LENGTH}}$`));
  });

  it("refuses keys that are not JSON", () => {
    expect(() => hashKey({ n: 1n })).toThrow(CacheValueError);
  });

  it.each(["weather", "run-results:forecast.when", "a", "0_x.y-z", "x".repeat(64)])("accepts namespace %s", (ns) =>
    expect(() => assertNamespace(ns)).not.toThrow(),
  );

  it.each(["", "Weather", "-a", "a b", "a*", "a?", "x".repeat(65), "a/b"])("refuses namespace %j", (ns) =>
    expect(() => assertNamespace(ns)).toThrow(CacheNamespaceError),
  );

  it("lays Redis keys out as fluxo:cache:<ns>:<hash>, and a namespace's pattern never matches a longer one's keys", () => {
    const h = hashKey(1);
    expect(valueKey("w", h)).toBe(`fluxo:cache:w:${h}`);
    const glob = new RegExp(`^${namespacePattern("a").replace(/\?/g, ".")}$`);
    expect(glob.test(valueKey("a", h))).toBe(true);
    expect(glob.test(valueKey("a:b", h))).toBe(false);
  });
});
