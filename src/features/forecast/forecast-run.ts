/** What every forecast task shares: a seeded input, its completion, and a kernel run in a thread. */
import { NonRetriableError } from "@/runs/errors";
import { runKernel } from "@/server/threads/pool";
import type { KernelName } from "@/server/threads/kernels";
import { env } from "@/env";
import { type z } from "zod";
import { randomInt } from "node:crypto";
import { withDefaults } from "./forecast.schemas";

/** What a queued forecast carries: the user's input with its defaults and seed fixed at submit time. */
export const seeded = <S extends z.ZodType<{ seed?: number }>>(schema: S) =>
  schema.refine((v) => v.seed !== undefined, { message: "seed is required", path: ["seed"] }) as unknown as z.ZodType<
    z.output<S> & { seed: number }
  >;

/** Fills defaults and a seed (a schedule's input is the form's: the seed is fixed once, when it is saved). */
export const completeWith = (schema: z.ZodType<{ seed?: number }>) => (v: unknown) =>
  withDefaults(schema.parse(v), () => randomInt(0, 2 ** 32));

export interface KernelCtx {
  signal: AbortSignal;
  progress: (f: number, stage?: string, message?: string) => void;
}

/** What a kernel's partial results (one stream per thread: `part`) go to. */
export type OnPartial = (value: unknown, part: number) => void;

/** Turns the engine's refusal of bad input into a failure without retry (it will not get better). */
export async function inputRefusalIsFinal<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof Error && err.name === "ForecastInputError")
      throw new NonRetriableError(err.message, { cause: err });
    throw err;
  }
}

/** Runs `kernel` in a thread, with the run's cancel and progress. */
export const inThread =
  <K extends KernelName>(kernel: K) =>
  (input: unknown, ctx: KernelCtx, onPartial?: OnPartial) =>
    inputRefusalIsFinal(() =>
      runKernel(kernel, input as never, {
        signal: ctx.signal,
        onProgress: ctx.progress,
        onPartial,
        graceMs: env().CANCEL_GRACE_MS,
      }),
    );
