import { describe, expect, it } from "vitest";
import { z } from "zod";
import { attemptLimits, backoffDelay, defineTask, memoKeyOf } from "./define-task";

describe("retry backoff", () => {
  const noJitter = () => 0;
  it("grows by the factor from the base, capped by the maximum", () => {
    const p = { attempts: 10, backoffMs: 100, factor: 3, maxBackoffMs: 2000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(p, a, noJitter))).toEqual([100, 300, 900, 2000, 2000]);
  });
  it("defaults to 1 s doubling up to 60 s", () => {
    expect([1, 2, 3, 7, 8].map((a) => backoffDelay({ attempts: 9, jitter: 0 }, a, noJitter))).toEqual([
      1000, 2000, 4000, 60_000, 60_000,
    ]);
  });
  it("takes at most the jitter share off at random", () => {
    const p = { attempts: 3, backoffMs: 1000, jitter: 0.5 };
    expect(backoffDelay(p, 1, () => 0)).toBe(1000);
    expect(backoffDelay(p, 1, () => 0.999999)).toBe(500);
    expect(backoffDelay(p, 1, () => 0.5)).toBe(750);
  });
  it("refuses policies out of bounds, naming the field", () => {
    const base = { name: "x.y", queue: "default" as const, input: z.object({}), output: z.null(), handler: () => null };
    expect(() => defineTask({ ...base, retry: { attempts: 0 } })).toThrow(/retry.attempts/);
    expect(() => defineTask({ ...base, retry: { attempts: 2, factor: 0.5 } })).toThrow(/retry.factor/);
    expect(() => defineTask({ ...base, retry: { attempts: 2, jitter: 2 } })).toThrow(/retry.jitter/);
    expect(() => defineTask({ ...base, name: "NoDots", retry: { attempts: 1 } })).toThrow(/<feature>.<verb>/);
  });
});

describe("engine version", () => {
  const base = { name: "x.y", queue: "default" as const, input: z.object({}), output: z.null(), handler: () => null };
  const retry = { attempts: 1 };
  it("is optional, and a whole number from 1 when given", () => {
    expect(defineTask({ ...base, retry }).engineVersion).toBeUndefined();
    expect(defineTask({ ...base, retry, engineVersion: 3 }).engineVersion).toBe(3);
    for (const v of [0, -1, 1.5, Number.NaN])
      expect(() => defineTask({ ...base, retry, engineVersion: v })).toThrow(/engineVersion/);
  });
  it("is part of the memo key: another version, another key; none leaves the key as it was", () => {
    expect(memoKeyOf({}, "abc")).toBe("abc");
    expect(memoKeyOf({ engineVersion: 1 }, "abc")).not.toBe(memoKeyOf({ engineVersion: 2 }, "abc"));
  });
});

describe("attempt time limits", () => {
  it("takes the task's soft and hard limits, or soft + 10 s", () => {
    expect(attemptLimits({ timeout: { softMs: 1000, hardMs: 4000 } }, null)).toEqual({ softMs: 1000, hardMs: 4000 });
    expect(attemptLimits({ timeout: { softMs: 1000 } }, null)).toEqual({ softMs: 1000, hardMs: 11_000 });
    expect(attemptLimits({}, null)).toBeUndefined();
  });
  it("lets a run set its own soft limit, keeping the task's hard margin", () => {
    expect(attemptLimits({ timeout: { softMs: 1000, hardMs: 4000 } }, 60_000)).toEqual({
      softMs: 60_000,
      hardMs: 63_000,
    });
    expect(attemptLimits({}, 2000)).toEqual({ softMs: 2000, hardMs: 12_000 });
  });
  it("refuses limits out of bounds", () => {
    const base = {
      name: "x.y",
      queue: "default" as const,
      input: z.object({}),
      output: z.null(),
      retry: { attempts: 1 },
      handler: () => null,
    };
    expect(() => defineTask({ ...base, timeout: { softMs: 0 } })).toThrow(/timeout.softMs/);
    expect(() => defineTask({ ...base, timeout: { softMs: 500, hardMs: 100 } })).toThrow(/timeout.hardMs/);
  });
});
