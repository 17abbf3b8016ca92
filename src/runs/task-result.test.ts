import { describe, expect, it } from "vitest";
import { z } from "zod";
import { firstIssue, outputMismatch, parseResult, ZStatistic } from "./task-result";

const Z = z.object({ percentiles: z.array(z.object({ level: z.number(), value: z.number() })) });

describe("task results read with their output schema", () => {
  it("parseResult gives the data, or null for anything else", () => {
    expect(parseResult(Z, { percentiles: [{ level: 85, value: 3 }] })).toEqual({
      percentiles: [{ level: 85, value: 3 }],
    });
    expect(parseResult(Z, { percentiles: [{ level: 85, value: "3" }] })).toBeNull();
    expect(parseResult(Z, undefined)).toBeNull();
  });

  it("the executor's message names the task and the first issue's path", () => {
    const r = Z.safeParse({ percentiles: [{ level: 85, value: "soon" }] });
    expect(r.success).toBe(false);
    expect(outputMismatch("forecast.when", r.error!)).toBe(
      "task forecast.when returned a result that does not match its output schema: percentiles.0.value: Invalid input: expected number, received string",
    );
    expect(firstIssue(Z.safeParse(7).error!)).toMatch(/^\(the result itself\): .*expected object/);
  });

  it("a statistic is any number (NaN, Infinity) or null, nothing else", () => {
    for (const ok of [1.5, Number.NaN, -Infinity, null]) expect(ZStatistic.safeParse(ok).success).toBe(true);
    for (const bad of ["1", undefined, {}]) expect(ZStatistic.safeParse(bad).success).toBe(false);
  });
});
