/**
 * `fluxo compute <task>`: run a computation in this process and print its result as JSON.
 * Each task names its input schema and its runner, so new tasks plug in here.
 */
import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import type { z } from "zod";
import {
  backtest,
  createRng,
  forecastCutLine,
  forecastDeadline,
  forecastHowMany,
  forecastWhen,
  ForecastInputError,
} from "@/domain/forecast";
import {
  ZForecastBacktestInput,
  ZForecastCutLineInput,
  ZForecastDeadlineInput,
} from "@/features/forecast/analytics.schemas";
import { withDefaults, ZForecastHowManyInput, ZForecastWhenInput } from "@/features/forecast/forecast.schemas";
import { etoDaily, etoHourly, EtoInputError } from "@/domain/eto";
import { ZEtoDailyInput, ZEtoHourlyInput } from "@/features/eto/eto.schemas";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import {
  runPortfolioCompare,
  runPortfolioMetrics,
  ZPortfolioCompareInput,
  ZPortfolioMetricsInput,
} from "./portfolio-compute";
import { runPortfolioOptimize, ZPortfolioOptimizeInput } from "./portfolio-optimize";
import { warmKernelThreads } from "@/server/threads/pool";
import { forecastWhenShared } from "@/server/threads/shared-when";
import { MAX_THREADS_PER_RUN, PARALLEL_MIN_TRIALS } from "@/server/threads/split";
import { CliError, fieldProblem, formatPath, type CliIo } from "./io";
import {
  ZForecastBacktestResult,
  ZForecastCutLineResult,
  ZForecastDeadlineResult,
  ZForecastHowManyResult,
  ZForecastWhenResult,
} from "@/features/forecast/forecast.output";
import { outputMismatch } from "@/runs/task-result";
import { ZCompareOutput, ZEtoDailyResult, ZEtoHourlyResult, ZMetricsOutput, ZOptimizeOutput } from "./compute.output";

interface ComputeTask<S extends z.ZodType, O = unknown> {
  summary: string;
  input: S;
  /** What `run` returns: checked before printing (a mismatch is a bug, reported as such). */
  output: z.ZodType<O>;
  /** The result, or a promise of it. */
  run(input: z.output<S>, opts: ComputeOptions): NoInfer<O> | Promise<NoInfer<O>>;
}

export interface ComputeOptions {
  /** Threads a large computation may use: FLUXO_COMPUTE_THREADS (1 or 2), else min(2, cores). */
  threads: number;
}

const defineTask = <S extends z.ZodType, O>(task: ComputeTask<S, O>) => task;

/** A forecast kernel on its input with a seed (drawn when none was given) and that seed's generator. */
function seededRun<I extends { seed?: number }, R>(
  parsed: I,
  kernel: (input: I & { seed: number }, o: { rng: ReturnType<typeof createRng> }) => R,
): R {
  const input = withDefaults(parsed, () => randomInt(0, 2 ** 32));
  return kernel(input, { rng: createRng(input.seed) });
}

/** Tasks available to `fluxo compute`, by task identifier. */
export const computeTasks: Record<string, ComputeTask<z.ZodType>> = {
  "forecast.when": defineTask({
    summary: "when will a backlog be done (Monte Carlo over throughput samples)",
    input: ZForecastWhenInput,
    output: ZForecastWhenResult,
    run: (parsed, { threads }) => {
      const input = withDefaults(parsed, () => randomInt(0, 2 ** 32));
      if (input.trials >= PARALLEL_MIN_TRIALS && threads >= 2 && !input.precision) {
        // A large run: this thread and one kernel thread share the trial blocks (same result as
        // one thread). No spare thread is kept: this process exits after printing.
        warmKernelThreads(0);
        return forecastWhenShared(input, threads - 1);
      }
      return forecastWhen(input, { rng: createRng(input.seed) });
    },
  }),
  "forecast.howMany": defineTask({
    summary: 'how many items by a date, at each confidence ("85 % chance of at least n")',
    input: ZForecastHowManyInput,
    output: ZForecastHowManyResult,
    run: (parsed) => {
      const seed = parsed.seed ?? randomInt(0, 2 ** 32);
      const r = forecastHowMany({ ...parsed, seed }, { rng: createRng(seed) });
      return {
        percentiles: r.percentiles,
        mean: r.mean,
        trials: r.trials,
        seed: r.seed,
        periods: r.periods,
        histogram: r.histogram,
        binWidth: r.binWidth,
        stoppedAt: r.stoppedAt,
      };
    },
  }),
  "forecast.deadline": defineTask({
    summary: "probability of meeting a deadline and the scope reachable by it (trend none, recent or fitted)",
    input: ZForecastDeadlineInput,
    output: ZForecastDeadlineResult,
    run: (parsed) => seededRun(parsed, forecastDeadline),
  }),
  "forecast.backtest": defineTask({
    summary: "walk-forward backtest: forecast from the past at each cut-off, replay what happened, report coverage",
    input: ZForecastBacktestInput,
    output: ZForecastBacktestResult,
    run: (parsed) => seededRun(parsed, backtest),
  }),
  "forecast.cutLine": defineTask({
    summary: "features in priority order: when each is likely done, and which fit before a deadline",
    input: ZForecastCutLineInput,
    output: ZForecastCutLineResult,
    run: (parsed) => seededRun(parsed, forecastCutLine),
  }),
  "eto.daily": defineTask({
    summary: "FAO-56 daily reference evapotranspiration (mm/d) with every intermediate (method fao56 | asce)",
    input: ZEtoDailyInput,
    output: ZEtoDailyResult,
    run: (parsed) => etoDaily(parsed),
  }),
  "eto.hourly": defineTask({
    summary: "hourly reference evapotranspiration (mm/h), FAO-56 Eq. 53 or ASCE-EWRI (Cd 0.24 day / 0.96 night)",
    input: ZEtoHourlyInput,
    output: ZEtoHourlyResult,
    run: (parsed) => etoHourly(parsed),
  }),
  "portfolio.metrics": defineTask({
    summary: "return and risk metrics of one series of returns or prices (empyrical conventions), with beta/alpha",
    input: ZPortfolioMetricsInput,
    output: ZMetricsOutput,
    run: (parsed) => runPortfolioMetrics(parsed),
  }),
  "portfolio.compare": defineTask({
    summary: "metrics of several tickers' prices side by side, and the correlation matrix of their returns",
    input: ZPortfolioCompareInput,
    output: ZCompareOutput,
    run: (parsed) => runPortfolioCompare(parsed),
  }),
  "portfolio.optimize": defineTask({
    summary: "minimum volatility or maximum Sharpe weights within bounds (long-only by default), from mu/cov or prices",
    input: ZPortfolioOptimizeInput,
    output: ZOptimizeOutput,
    run: (parsed) => runPortfolioOptimize(parsed),
  }),
};

export interface ComputeArgs {
  task: string;
  inputPath?: string;
}

export async function compute(args: ComputeArgs, io: CliIo): Promise<void> {
  const task = computeTasks[args.task];
  if (!task) {
    throw new CliError(`fluxo: unknown task "${args.task}" (known: ${Object.keys(computeTasks).join(", ")})`, 2);
  }
  const text = await readInput(args.inputPath, io);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`fluxo: invalid JSON: ${(e as Error).message}`, 2);
  }
  const parsed = task.input.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `fluxo: invalid input: ${fieldProblem(formatPath(i.path), i.message)}`,
    );
    throw new CliError(lines.join("\n"), 2);
  }
  let result: unknown;
  try {
    result = await task.run(parsed.data, { threads: computeThreads(io.env.FLUXO_COMPUTE_THREADS) });
  } catch (e) {
    // Engine refusals, from this thread or (as a KernelError of the same name) from a kernel thread.
    const field = (e as { field?: unknown }).field;
    if (
      e instanceof ForecastInputError ||
      e instanceof EtoInputError ||
      e instanceof PortfolioInputError ||
      (e instanceof Error &&
        (e.name === "ForecastInputError" || e.name === "EtoInputError" || e.name === "PortfolioInputError") &&
        typeof field === "string")
    )
      throw new CliError(`fluxo: invalid input: ${fieldProblem(field as string, e.message)}`, 2);
    throw e;
  }
  // Printed as computed (the parsed copy could order keys differently); a mismatch is a bug here.
  const checked = task.output.safeParse(result);
  if (!checked.success) throw new Error(outputMismatch(args.task, checked.error));
  io.out(`${JSON.stringify(result, null, 2)}\n`);
}

function computeThreads(raw: string | undefined): number {
  if (raw === undefined || raw === "") return Math.min(MAX_THREADS_PER_RUN, availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS_PER_RUN) {
    throw new CliError(
      `fluxo: FLUXO_COMPUTE_THREADS must be a whole number from 1 to ${MAX_THREADS_PER_RUN}, got ${raw}`,
      2,
    );
  }
  return n;
}

export async function readInput(path: string | undefined, io: CliIo): Promise<string> {
  if (path !== undefined && path !== "-") {
    try {
      return await io.readFile(path);
    } catch (e) {
      throw new CliError(`fluxo: cannot read input file ${path}: ${(e as Error).message}`, 2);
    }
  }
  if (io.stdinIsTTY) throw new CliError("fluxo: no input: pass --input FILE or pipe JSON on stdin", 2);
  return io.readStdin();
}
