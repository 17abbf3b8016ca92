import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkEnqueueOptions, ENQUEUE_LIMITS, type EnqueueOptionError } from "@/runs/enqueue";
import { MAX_DELAY_MINUTES, RUN_OPTION_LIMITS } from "@/components/ui/run-options";
import { checkOneStart, RUN_OPTION_FIELDS, splitRunOptions, ZRunOptions } from "./run-options.schemas";

const first = (v: unknown) => {
  const r = ZRunOptions.superRefine(checkOneStart).safeParse(v);
  return r.success ? null : { path: r.error.issues[0]!.path.join("."), message: r.error.issues[0]!.message };
};

describe("run options (tRPC input)", () => {
  it("has the server's bounds (the browser cannot import ENQUEUE_LIMITS)", () => {
    expect(RUN_OPTION_LIMITS.priority).toEqual(ENQUEUE_LIMITS.priority);
    expect(RUN_OPTION_LIMITS.maxDelayMs).toBe(ENQUEUE_LIMITS.maxDelayMs);
    expect(MAX_DELAY_MINUTES).toBe(43_200);
  });

  it("takes the bounds and nothing at all", () => {
    expect(first({})).toBeNull();
    expect(first({ priority: -1000 })).toBeNull();
    expect(first({ priority: 1000, delayMs: 0 })).toBeNull();
    expect(first({ delayMs: ENQUEUE_LIMITS.maxDelayMs })).toBeNull();
    expect(first({ runAt: new Date(Date.now() + 60_000).toISOString() })).toBeNull();
    expect(first({ runAt: new Date(Date.now() + 86_400_000).toISOString().replace("Z", "+00:00") })).toBeNull();
  });

  it("words the bounds as enqueue's own check does", () => {
    for (const [o, field] of [
      [{ priority: 1001 }, "priority"],
      [{ delayMs: -1 }, "delayMs"],
    ] as const) {
      let thrown: { field?: string; message?: string } = {};
      try {
        checkEnqueueOptions(o);
      } catch (e) {
        thrown = e as EnqueueOptionError;
      }
      expect(thrown.field).toBe(field);
      expect(first(o)?.message).toBe(thrown.message);
    }
  });

  it.each([
    [{ priority: 1001 }, "priority", /^priority must be a whole number within -1000\.\.1000$/],
    [{ priority: -1001 }, "priority", /^priority must be a whole number within -1000\.\.1000$/],
    [{ priority: 1.5 }, "priority", /priority must be a whole number/],
    [{ priority: "high" }, "priority", /priority must be a whole number/],
    [
      { delayMs: -1 },
      "delayMs",
      /delayMs must be a whole number of milliseconds within 0\.\.2,592,000,000 \(30 days\)/,
    ],
    [{ delayMs: ENQUEUE_LIMITS.maxDelayMs + 1 }, "delayMs", /within 0\.\.2,592,000,000 \(30 days\)/],
    [{ delayMs: 1.5 }, "delayMs", /delayMs must be a whole number/],
    [{ runAt: "tomorrow" }, "runAt", /runAt must be an ISO 8601 date-time/],
    [{ runAt: "2026-12-31T09:00:00" }, "runAt", /with a time zone/],
    [{ runAt: new Date(Date.now() + 31 * 86_400_000).toISOString() }, "runAt", /within 30 days/],
    [{ delayMs: 1000, runAt: new Date().toISOString() }, "runAt", /runAt cannot be given with delayMs/],
    [{ originRunId: "run-1" }, "originRunId", /^originRunId must be a run id \(a UUID\)$/],
    [{ originRunId: 42 }, "originRunId", /^originRunId must be a run id \(a UUID\)$/],
  ])("refuses %j naming %s", (input, path, message) => {
    const e = first(input);
    expect(e?.path).toBe(path);
    expect(e?.message).toMatch(message);
  });

  it("keeps the checks of the input it extends", () => {
    const Z = z
      .strictObject({ n: z.number().max(3, "n must be at most 3") })
      .superRefine((v, ctx) => {
        if (v.n === 2) ctx.addIssue({ code: "custom", path: ["n"], message: "n must not be 2" });
      })
      .safeExtend(RUN_OPTION_FIELDS)
      .superRefine(checkOneStart);
    expect(Z.safeParse({ n: 2, priority: 5 }).error?.issues[0]?.message).toBe("n must not be 2");
    expect(Z.safeParse({ n: 1, priority: 5, other: 1 }).success).toBe(false);
    expect(Z.safeParse({ n: 1, priority: 5 }).success).toBe(true);
  });

  it("splits the enqueue options (runAt as a Date) from the rest of the input", () => {
    const input = { n: 1, fresh: true, priority: 10, runAt: "2026-12-24T21:00:00.000Z" };
    const [rest, o] = splitRunOptions(input);
    expect(rest).toEqual({ n: 1, fresh: true });
    expect(o).toEqual({ priority: 10, runAt: new Date("2026-12-24T21:00:00.000Z") });
    const rerun = { n: 1, originRunId: "6f1c2a4e-8b1d-4c3e-9a7f-0d2b5e6c7a81" };
    expect(first({ originRunId: rerun.originRunId })).toBeNull();
    expect(splitRunOptions(rerun)).toEqual([{ n: 1 }, { originRunId: rerun.originRunId }]);
    const plain: { n: number; priority?: number } = { n: 1 };
    expect(splitRunOptions(plain)).toEqual([{ n: 1 }, {}]);
  });
});
