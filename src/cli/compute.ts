/**
 * `fluxo compute <task>`: run a computation in this process and print its result as JSON.
 * Each task names its input schema and its runner, so new tasks plug in here.
 */
import { randomInt } from "node:crypto";
import type { z } from "zod";
import { createRng, forecastHowMany, forecastWhen, ForecastInputError } from "@/domain/forecast";
import { withDefaults, ZForecastHowManyInput, ZForecastWhenInput } from "@/features/forecast/forecast.schemas";
import { CliError, fieldProblem, formatPath, type CliIo } from "./io";

interface ComputeTask<S extends z.ZodType> {
  summary: string;
  input: S;
  run(input: z.output<S>): unknown;
}

const defineTask = <S extends z.ZodType>(task: ComputeTask<S>) => task;

/** Tasks available to `fluxo compute`, by task identifier. */
export const computeTasks: Record<string, ComputeTask<z.ZodType>> = {
  "forecast.when": defineTask({
    summary: "when will a backlog be done (Monte Carlo over throughput samples)",
    input: ZForecastWhenInput,
    run: (parsed) => {
      const input = withDefaults(parsed, () => randomInt(0, 2 ** 32));
      return forecastWhen(input, { rng: createRng(input.seed) });
    },
  }),
  "forecast.howMany": defineTask({
    summary: "how many items by a date, at each confidence (\"85 % chance of at least n\")",
    input: ZForecastHowManyInput,
    run: (parsed) => {
      const seed = parsed.seed ?? randomInt(0, 2 ** 32);
      const r = forecastHowMany({ ...parsed, seed }, { rng: createRng(seed) });
      return { percentiles: r.percentiles, mean: r.mean, trials: r.trials, seed: r.seed, periods: r.periods, histogram: r.histogram, binWidth: r.binWidth };
    },
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
    result = task.run(parsed.data);
  } catch (e) {
    if (e instanceof ForecastInputError)
      throw new CliError(`fluxo: invalid input: ${fieldProblem(e.field, e.message)}`, 2);
    throw e;
  }
  io.out(`${JSON.stringify(result, null, 2)}\n`);
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
