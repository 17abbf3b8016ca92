import { describe, expect, it } from "vitest";
import { decodeEntry, decodeValue, encodeEntry, encodeValue } from "./serialize";
import { CacheValueError, CacheValueTooLargeError } from "./types";

describe("cache value serialisation", () => {
  it("round-trips JSON values", () => {
    const v = { a: [1, "two", null, true], b: { c: 1.5 }, s: "ünïcode" };
    expect(decodeValue(encodeValue("ns", v, 1000))).toEqual(v);
  });

  it.each([
    ["a function", { f: () => 1 }, /"f" is a function/],
    ["a BigInt", { n: 10n }, /"n" is a bigint/],
    ["a symbol", { s: Symbol("x") }, /"s" is a symbol/],
    ["undefined", undefined, /not JSON/],
  ])("refuses %s with a clear error", (_what, value, message) => {
    expect(() => encodeValue("weather", value, 1000)).toThrow(CacheValueError);
    expect(() => encodeValue("weather", value, 1000)).toThrow(message);
  });

  it("refuses cycles", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => encodeValue("weather", a, 1000)).toThrow(/namespace "weather" is not JSON: .*circular/i);
  });

  it("refuses values over the limit, naming namespace, size and limit", () => {
    const err = (() => {
      try {
        encodeValue("market", { s: "é".repeat(600) }, 1000);
      } catch (e) {
        return e;
      }
    })() as CacheValueTooLargeError;
    expect(err).toBeInstanceOf(CacheValueTooLargeError);
    expect(err.bytes).toBe(Buffer.byteLength(JSON.stringify({ s: "é".repeat(600) })));
    expect(err.message).toMatch(/"market" is 1208 bytes, over the 1000-byte limit/);
    expect(() => encodeValue("market", "x".repeat(998), 1000)).not.toThrow(); // 1000 bytes with quotes: at the limit is fine
  });

  it.each([
    ['{"__proto__":{"polluted":1}}'],
    ['{"a":{"__proto__":{"polluted":1}}}'],
    ['{"\\u005f_proto__":{"polluted":1}}'],
    ['{"constructor":{"prototype":{"polluted":1}}}'],
    ['[{"x":{"constructor":{"prototype":{"polluted":1}}}}]'],
  ])("drops prototype keys from %s so merging the result cannot pollute Object.prototype", (payload) => {
    const v = decodeValue<Record<string, unknown>>(payload);
    const merge = (dst: Record<string, unknown>, src: Record<string, unknown>): void => {
      for (const k of Object.keys(src)) {
        const s = src[k];
        if (s && typeof s === "object") merge((dst[k] ??= {}) as Record<string, unknown>, s as Record<string, unknown>);
        else dst[k] = s;
      }
    };
    merge({}, v); // a naive deep merge, the classic pollution sink
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(v)).not.toMatch(/proto|prototype/);
  });

  it("keeps an innocent 'constructor' field", () => {
    expect(decodeValue('{"constructor":"Point"}')).toEqual({ constructor: "Point" });
  });

  it("stores expiry metadata beside the value", () => {
    const e = { json: '{"a":"b:c"}', expiresAt: 1000, staleUntil: 1500 };
    expect(decodeEntry(encodeEntry(e))).toEqual(e);
    expect(decodeEntry("garbage")).toBeUndefined();
  });
});
