/**
 * One large forecast.when on THIS thread plus helper kernel threads, all taking trial blocks from
 * one shared counter (the CLI's path: the process has nothing else to do, so its own thread works
 * too, and a helper that is still booting when the blocks run out is simply stopped). The result
 * is identical to a single-threaded `forecastWhen` (block k always uses random stream k).
 */
import {
  finishWhen,
  mergeWhenTallies,
  planWhen,
  simulateWhenBlocks,
  whenBlockCount,
  type WhenInput,
  type WhenResult,
  type WhenTally,
} from "@/domain/forecast";
import { runKernel } from "./pool";

export async function forecastWhenShared(input: WhenInput, helpers = 1): Promise<WhenResult> {
  const plan = planWhen(input); // bad input fails here, before any thread starts
  const blocks = whenBlockCount(plan.trials);
  const claim = new SharedArrayBuffer(4);
  const counter = new Int32Array(claim);
  const stop = new AbortController();
  const runs = Array.from({ length: Math.max(0, helpers) }, () =>
    runKernel("forecast.whenBlocks", { input, claim }, { signal: stop.signal, graceMs: 0, threads: 1 }),
  );
  let mine = 0;
  let own: WhenTally;
  try {
    own = simulateWhenBlocks(plan, () => {
      const b = Atomics.add(counter, 0, 1);
      if (b < blocks) mine++;
      return b;
    });
  } catch (err) {
    stop.abort();
    await Promise.allSettled(runs);
    throw err;
  }
  if (mine === blocks) {
    // Every block ran here: the helpers took none, so stop them rather than wait for their boot.
    stop.abort();
    await Promise.allSettled(runs);
    return finishWhen(plan, own);
  }
  const theirs = await Promise.all(runs);
  return finishWhen(plan, mergeWhenTallies(plan.maxPeriods, [own, ...theirs]));
}
