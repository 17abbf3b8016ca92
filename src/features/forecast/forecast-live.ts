/**
 * The splittable forecasts' live partial results. In one process, the kernel threads send their tallies
 * so far as blocks of trials finish (one stream per thread of a split call: `part`); split into chunk
 * runs, each chunk's tally arrives when it succeeds. Either way the tallies so far are added up and
 * published (ctx.partial throttles and persists; a cancelled run keeps the last one) as percentiles —
 * "when": periods, "how many" and deadline: at least n items — each with its 95 % confidence interval
 * from the order statistics, plus a compact CDF ("when") or the chance so far (deadline).
 */
import {
  lowerTailsWithIntervals,
  mergeTotals,
  planDeadline,
  planHowMany,
  planWhen,
  SINGLE_LIMITS,
  SPLIT_LIMITS,
  whenPartial,
  type DeadlineInput,
  type DeadlineTally,
  type HowManyInput,
  type TotalsTally,
  type WhenInput,
  type WhenTallyJson,
} from "@/domain/forecast";
import type { TaskContext } from "@/runs/define-task";

type LiveCtx = Pick<TaskContext, "partial" | "logger">;
/** Where each partial tally goes: `key` is the thread (in one process) or the chunk's step (split). */
export type OnTally = (value: unknown, key: number) => void;

const done = (count: number, total: number) => ({ done: { count, total, unit: "trials" } });

/** `publish`, never throwing: a live partial result is a view of the work, it never fails the run. */
function safely(task: string, ctx: LiveCtx, publish: OnTally): OnTally {
  return (value, key) => {
    try {
      publish(value, key);
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message }, `${task}: partial result skipped`);
    }
  };
}

/**
 * forecast.when. In one process a thread's tally replaces its previous one (`cumulative`); from chunk
 * runs each tally is a chunk's own and they add up.
 */
export function whenLive(input: WhenInput, ctx: LiveCtx, split = false): OnTally {
  const plan = () => planWhen(input, split ? SPLIT_LIMITS : SINGLE_LIMITS);
  let p: ReturnType<typeof plan> | undefined;
  const latest = new Map<number, WhenTallyJson>();
  return safely("forecast.when", ctx, (value, key) => {
    p ??= plan();
    latest.set(key, value as WhenTallyJson);
    const counts = new Float64Array(p.maxPeriods + 1);
    let trials = 0;
    for (const t of latest.values()) {
      for (let i = 0; i < t.counts.length && t.first + i <= p.maxPeriods; i++) counts[t.first + i]! += t.counts[i]!;
      trials += t.trials;
    }
    if (trials > 0) ctx.partial(whenPartial(p, counts, trials), done(trials, p.trials));
  });
}

/** forecast.howMany: "L % chance of at least n items" per level with its interval. */
export function howManyLive(input: HowManyInput, ctx: LiveCtx, split = false): OnTally {
  let p: ReturnType<typeof planHowMany> | undefined;
  const latest = new Map<number, TotalsTally>();
  return safely("forecast.howMany", ctx, (value, key) => {
    p ??= planHowMany(input, split ? SPLIT_LIMITS : SINGLE_LIMITS);
    latest.set(key, value as TotalsTally);
    const t = latest.size === 1 ? (value as TotalsTally) : mergeTotals([...latest.values()]);
    if (t.trials > 0)
      ctx.partial({ percentiles: lowerTailsWithIntervals(t, p.levels), trials: t.trials }, done(t.trials, p.trials));
  });
}

/** forecast.deadline: the chance so far of finishing by the deadline, and the scope per level. */
export function deadlineLive(input: DeadlineInput, ctx: LiveCtx, split = false): OnTally {
  let p: ReturnType<typeof planDeadline> | undefined;
  const latest = new Map<number, DeadlineTally>();
  return safely("forecast.deadline", ctx, (value, key) => {
    p ??= planDeadline(input, split ? SPLIT_LIMITS : SINGLE_LIMITS);
    latest.set(key, value as DeadlineTally);
    const parts = [...latest.values()];
    const k = parts[0]!.totals.length - 1; // the run's own model (the baseline comes first when there are two)
    const main = parts.length === 1 ? parts[0]!.totals[k]! : mergeTotals(parts.map((d) => d.totals[k]!));
    const met = parts.reduce((a, d) => a + d.met[k]!, 0);
    if (main.trials > 0)
      ctx.partial(
        { probability: met / main.trials, percentiles: lowerTailsWithIntervals(main, p.levels), trials: main.trials },
        done(main.trials, p.trials),
      );
  });
}
