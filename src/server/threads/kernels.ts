/** CPU kernels that run in threads: the domain's pure engines, given a seeded RNG. */
import {
  createRng,
  forecastWhen,
  planWhen,
  simulateWhenBlocks,
  simulateWhenChunk,
  tallyToJson,
  type BlockRange,
  type WhenInput,
  type WhenResult,
  type WhenTally,
  WHEN_BLOCK_TRIALS,
} from "@/domain/forecast";
import type { WhenBlocksJob } from "./split";
import {
  backtest,
  forecastCutLine,
  forecastDeadline,
  forecastHowMany,
  simulateDeadlineRange,
  simulateHowManyRange,
  SPLIT_LIMITS,
  type DeadlineTally,
  type TotalsTally,
  type BacktestInput,
  type CutLineInput,
  type DeadlineInput,
  type HowManyInput,
} from "@/domain/forecast";
import { etoDaily, etoHourly, type EtoDailyInput, type EtoHourlyInput } from "@/domain/eto";

/** The engines that take a seeded RNG and report progress the same way. */
const seeded =
  <I extends { seed: number }, O>(
    engine: (
      input: I,
      o: { rng: () => number; onProgress?: KernelControl["onProgress"]; signal?: KernelControl["signal"] },
    ) => O,
  ) =>
  (input: I, c: KernelControl): O =>
    engine(input, { rng: createRng(input.seed), onProgress: c.onProgress, signal: c.signal });

/** A chunk run's kernel: cancel through the stop flag, progress as its own share done. */
const chunkControl = (c: KernelControl) => ({
  signal: c.signal,
  onShare: (f: number) => c.onProgress(f, "simulating"),
});

export interface KernelControl {
  signal: { readonly aborted: boolean };
  onProgress: (fraction: number, stage?: string, message?: string) => void;
  /** A partial result of the kernel so far (JSON), for the run's live partial result. */
  onPartial?: (value: unknown) => void;
}

/** How often a forecast.when thread sends its tally so far (the run publishes at most ~4 Hz anyway). */
const TALLY_EVERY_MS = 200;

/** `f`, called at most every `ms` (the calls in between are dropped); undefined stays undefined. */
function every<A>(ms: number, f: ((a: A) => void) | undefined): ((a: A) => void) | undefined {
  if (!f) return undefined;
  let last = -Infinity;
  return (a) => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    f(a);
  };
}

/** After each block: the thread's tally so far as JSON, at most every TALLY_EVERY_MS. */
const tallySender = (c: KernelControl) =>
  every(TALLY_EVERY_MS, c.onPartial && ((t: WhenTally) => c.onPartial!(tallyToJson(t))));

export const kernels = {
  "forecast.when": (input: WhenInput, c: KernelControl): WhenResult =>
    forecastWhen(input, {
      rng: createRng(input.seed),
      onProgress: c.onProgress,
      signal: c.signal,
      onBlock: tallySender(c),
    }),
  /**
   * Part of one forecast.when split across threads: runs the blocks it takes from the shared
   * counter; progress is this thread's share of the whole run (the parent adds the shares).
   */
  "forecast.whenBlocks": (job: WhenBlocksJob, c: KernelControl): WhenTally => {
    const plan = planWhen(job.input);
    const next = new Int32Array(job.claim);
    return simulateWhenBlocks(plan, () => Atomics.add(next, 0, 1), {
      signal: c.signal,
      onTrials: (done) => c.onProgress((0.99 * done) / plan.trials, "simulating"),
      onBlock: tallySender(c),
    });
  },
  /** One chunk run of a split forecast.when: blocks [from, to), its tally as JSON (progress: its own share). */
  "forecast.whenChunk": (job: { input: WhenInput; range: BlockRange }, c: KernelControl) => {
    const trials = Math.min(job.input.trials, job.range.to * WHEN_BLOCK_TRIALS) - job.range.from * WHEN_BLOCK_TRIALS;
    return simulateWhenChunk(job.input, job.range, {
      signal: c.signal,
      onTrials: (done) => c.onProgress(done / Math.max(1, trials), "simulating"),
    });
  },
  "forecast.howManyChunk": (job: { input: HowManyInput; range: BlockRange }, c: KernelControl): TotalsTally =>
    simulateHowManyRange(job.input, job.range.from, job.range.to, chunkControl(c), SPLIT_LIMITS),
  "forecast.deadlineChunk": (job: { input: DeadlineInput; range: BlockRange }, c: KernelControl): DeadlineTally =>
    simulateDeadlineRange(job.input, job.range.from, job.range.to, chunkControl(c), SPLIT_LIMITS),
  "forecast.howMany": (input: HowManyInput, c: KernelControl) =>
    forecastHowMany(input, {
      rng: createRng(input.seed),
      onProgress: c.onProgress,
      signal: c.signal,
      onBlock: every(TALLY_EVERY_MS, c.onPartial && ((tallies) => c.onPartial!(tallies()[0]))),
    }),
  "forecast.deadline": (input: DeadlineInput, c: KernelControl) =>
    forecastDeadline(input, {
      rng: createRng(input.seed),
      onProgress: c.onProgress,
      signal: c.signal,
      onTally: every(TALLY_EVERY_MS, c.onPartial && ((tally) => c.onPartial!(tally()))),
    }),
  "forecast.backtest": seeded((i: BacktestInput, o) => backtest(i, o)),
  "forecast.cutLine": seeded((i: CutLineInput, o) => forecastCutLine(i, o)),
  /** FAO-56 / ASCE reference evapotranspiration for one day or one hour (no RNG, no progress: microseconds). */
  "eto.daily": (input: EtoDailyInput, _c: KernelControl) => etoDaily(input),
  "eto.hourly": (input: EtoHourlyInput, _c: KernelControl) => etoHourly(input),
  /** Diagnostic: keeps a thread busy for `ms`; with `ignoreStop` it never looks at the stop flag. */
  "system.spin": (input: { ms: number; ignoreStop?: boolean }, c: KernelControl): { spunMs: number } => {
    const t0 = Date.now();
    while (Date.now() - t0 < input.ms) {
      if (!input.ignoreStop && c.signal.aborted) throw Object.assign(new Error("spin stopped"), { name: "AbortError" });
    }
    return { spunMs: Date.now() - t0 };
  },
} satisfies Record<string, (input: never, c: KernelControl) => unknown>;

export type KernelName = keyof typeof kernels;
export type KernelInput<K extends KernelName> = Parameters<(typeof kernels)[K]>[0];
export type KernelOutput<K extends KernelName> = ReturnType<(typeof kernels)[K]>;
