/**
 * Kernels that may split one call across several threads. One large `forecast.when` becomes N
 * `forecast.whenBlocks` calls that take the run's trial blocks from a shared counter (a thread
 * that starts late simply takes fewer blocks); the parent adds their tallies up. Block k always
 * uses random stream k of the seed, so the result is identical for any number of threads.
 */
import { forecastWhenFromTallies, whenBlockCount, type WhenInput, type WhenTally } from "@/domain/forecast";

/** A forecast.when with at least this many trials runs on several threads. */
export const PARALLEL_MIN_TRIALS = 500_000;
/** At most this many threads for one run (this machine, and the bench, have 2 cores). */
export const MAX_THREADS_PER_RUN = 2;

/** Input of the `forecast.whenBlocks` kernel: the run, and the shared block counter (Int32 [0]). */
export interface WhenBlocksJob {
  input: WhenInput;
  claim: SharedArrayBuffer;
}

export interface KernelSplit {
  parts: { kernel: "forecast.whenBlocks"; input: WhenBlocksJob }[];
  merge(outputs: unknown[]): unknown;
}

/** How to split `kernel(input)` over `threads` threads, or null to run it on one thread. */
export function splitKernel(kernel: string, input: unknown, threads: number): KernelSplit | null {
  if (kernel !== "forecast.when" || threads < 2) return null;
  const run = input as WhenInput;
  if (!Number.isInteger(run?.trials) || run.trials < PARALLEL_MIN_TRIALS) return null;
  // A precision target is checked on the run's first trials in order: one thread (deterministic stop).
  if (run.precision) return null;
  const n = Math.min(threads, MAX_THREADS_PER_RUN, whenBlockCount(run.trials));
  if (n < 2) return null;
  const claim = new SharedArrayBuffer(4);
  return {
    parts: Array.from({ length: n }, () => ({ kernel: "forecast.whenBlocks" as const, input: { input: run, claim } })),
    merge: (outputs) => forecastWhenFromTallies(run, outputs as WhenTally[]),
  };
}
