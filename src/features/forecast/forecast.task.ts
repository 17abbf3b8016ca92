/** forecast.when: the Monte Carlo "when will it be done?" engine, run in a worker thread. */
import { defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { runKernel } from "@/worker/threads/pool";
import { env } from "@/env";
import type { z } from "zod";
import { randomInt } from "node:crypto";
import { withDefaults, ZForecastWhenInput, type TForecastWhenResolved } from "./forecast.schemas";

/** What a queued forecast carries: the user's input with its defaults and seed fixed at submit time. */
export const ZForecastWhenTaskInput = ZForecastWhenInput.refine((v) => v.seed !== undefined, {
  message: "seed is required",
  path: ["seed"],
}) as unknown as z.ZodType<TForecastWhenResolved>;

export const forecastWhenTask = defineTask({
  name: "forecast.when",
  queue: "analysis",
  input: ZForecastWhenTaskInput,
  // A schedule's input is the form's: defaults filled in and a seed fixed once, when it is saved.
  complete: (v) => withDefaults(ZForecastWhenInput.parse(v), () => randomInt(0, 2 ** 32)),
  retry: { attempts: 2, backoffMs: 1000 },
  timeout: { softMs: 10 * 60_000, hardMs: 10 * 60_000 + 30_000 },
  resultTtlMs: 30 * 24 * 3600_000,
  // Pure and seeded: an identical forecast within a day is answered from the earlier run.
  memoize: { ttlMs: 24 * 3600_000 },
  handler: async (input, ctx) => {
    try {
      return await runKernel("forecast.when", input, {
        signal: ctx.signal,
        onProgress: ctx.progress,
        graceMs: env().CANCEL_GRACE_MS,
      });
    } catch (err) {
      // Bad input found by the engine (e.g. an all-zero history) will not get better on retry.
      if (err instanceof Error && err.name === "ForecastInputError") throw new NonRetriableError(err.message, { cause: err });
      throw err;
    }
  },
});
