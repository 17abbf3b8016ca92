/**
 * forecast.when's live partial result: the tallies its threads send as blocks of trials finish (one per
 * thread of a split call), merged, published as percentiles with their 95 % intervals and a compact CDF
 * (ctx.partial throttles and persists it; a cancelled run keeps the last one).
 */
import {
  lowerTailsWithIntervals,
  planDeadline,
  planHowMany,
  SINGLE_LIMITS,
  planWhen,
  whenPartial,
  type DeadlineInput,
  type DeadlineTally,
  type HowManyInput,
  type TotalsTally,
  type WhenInput,
  type WhenPlan,
  type WhenTallyJson,
} from "@/domain/forecast";
import type { TaskContext } from "@/runs/define-task";

/** The `onPartial` of a forecast.when kernel call that publishes the run's result so far. */
export function whenLive(input: WhenInput, ctx: Pick<TaskContext, "partial" | "logger">) {
  let plan: WhenPlan | undefined;
  const parts = new Map<number, WhenTallyJson>();
  return (value: unknown, part: number): void => {
    try {
      plan ??= planWhen(input);
      parts.set(part, value as WhenTallyJson);
      const counts = new Float64Array(plan.maxPeriods + 1);
      let trials = 0;
      for (const t of parts.values()) {
        for (let i = 0; i < t.counts.length && t.first + i <= plan.maxPeriods; i++)
          counts[t.first + i]! += t.counts[i]!;
        trials += t.trials;
      }
      if (trials === 0) return;
      ctx.partial(whenPartial(plan, counts, trials), { done: { count: trials, total: plan.trials, unit: "trials" } });
    } catch (err) {
      // A live partial result is a view of the work: it never fails the run.
      ctx.logger.warn({ err: (err as Error).message }, "forecast.when: partial result skipped");
    }
  };
}

/**
 * forecast.howMany's live partial result: "L % chance of at least n items" for each level, with its
 * 95 % interval, from the totals tallied so far (one thread: the tally is the run's so far).
 */
export function howManyLive(input: HowManyInput, ctx: Pick<TaskContext, "partial" | "logger">) {
  let plan: ReturnType<typeof planHowMany> | undefined;
  return (value: unknown): void => {
    try {
      plan ??= planHowMany(input, SINGLE_LIMITS);
      const t = value as TotalsTally;
      if (!(t.trials > 0)) return;
      ctx.partial(
        { percentiles: lowerTailsWithIntervals(t, plan.levels), trials: t.trials },
        { done: { count: t.trials, total: plan.trials, unit: "trials" } },
      );
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message }, "forecast.howMany: partial result skipped");
    }
  };
}

/**
 * forecast.deadline's live partial result: the chance so far of finishing by the deadline, and the
 * scope per level ("at least n items by then") with its 95 % interval, from the run's trend model.
 */
export function deadlineLive(input: DeadlineInput, ctx: Pick<TaskContext, "partial" | "logger">) {
  let plan: ReturnType<typeof planDeadline> | undefined;
  return (value: unknown): void => {
    try {
      plan ??= planDeadline(input, SINGLE_LIMITS);
      const t = value as DeadlineTally;
      const k = t.totals.length - 1; // the run's own model (the baseline comes first when there are two)
      const main = t.totals[k]!;
      if (!(main.trials > 0)) return;
      ctx.partial(
        {
          probability: t.met[k]! / main.trials,
          percentiles: lowerTailsWithIntervals(main, plan.levels),
          trials: main.trials,
        },
        { done: { count: main.trials, total: plan.trials, unit: "trials" } },
      );
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message }, "forecast.deadline: partial result skipped");
    }
  };
}
