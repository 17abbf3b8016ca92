/**
 * Which numbers of a forecast result a comparison of runs puts side by side (TaskDefinition
 * .compareMetrics of the forecast tasks): each percentile (periods or items) and its date, the mean,
 * the chance by a deadline. Pure and client-safe.
 */
import { dateMetric, numberMetric, type RunMetric } from "@/domain/shared/run-metrics";
import { z } from "zod";
import type {
  ZForecastBacktestResult,
  ZForecastCutLineResult,
  ZForecastDeadlineResult,
  ZForecastHowManyResult,
  ZForecastWhenResult,
} from "./forecast.output";

const byLevel = (r: Record<string, unknown>) => Object.keys(r).sort((a, b) => Number(a) - Number(b));

export function whenMetrics(r: z.infer<typeof ZForecastWhenResult>): RunMetric[] {
  const out: RunMetric[] = [];
  for (const level of byLevel(r.percentiles)) {
    const p = `P${level}`;
    out.push(
      numberMetric(`periods.${p}`, "periods", `${p} (periods)`, r.percentiles[level], { of: p, unit: "periods" }),
    );
    if (r.dates) out.push(dateMetric(`date.${p}`, "date", `${p} date`, r.dates[level], p));
  }
  out.push(numberMetric("mean", "mean", "Mean (periods)", r.mean, { unit: "periods" }));
  if (r.probabilityByDeadline !== undefined)
    out.push(
      numberMetric("probability", "probability", "Chance by the deadline", r.probabilityByDeadline, {
        unit: "fraction",
      }),
    );
  out.push(numberMetric("didNotFinish", "didNotFinish", "Trials that did not finish", r.didNotFinish));
  out.push(numberMetric("trials", "trials", "Trials", r.trials));
  return out;
}

export function howManyMetrics(r: z.infer<typeof ZForecastHowManyResult>): RunMetric[] {
  const out = byLevel(r.percentiles).map((level) =>
    numberMetric(`items.P${level}`, "items", `P${level} (items)`, r.percentiles[level], {
      of: `P${level}`,
      unit: "items",
    }),
  );
  out.push(numberMetric("mean", "mean", "Mean (items)", r.mean, { unit: "items" }));
  out.push(numberMetric("trials", "trials", "Trials", r.trials));
  return out;
}

export function deadlineMetrics(r: z.infer<typeof ZForecastDeadlineResult>): RunMetric[] {
  const out = [
    numberMetric("probability", "probability", "Chance by the deadline", r.probability, { unit: "fraction" }),
  ];
  for (const level of byLevel(r.scope))
    out.push(
      numberMetric(`scope.P${level}`, "items", `P${level} (items)`, r.scope[level], { of: `P${level}`, unit: "items" }),
    );
  out.push(numberMetric("trials", "trials", "Trials", r.trials));
  return out;
}

export function backtestMetrics(r: z.infer<typeof ZForecastBacktestResult>): RunMetric[] {
  return byLevel(r.coverage).flatMap((level) => [
    numberMetric(`coverage.P${level}`, "coverage", `P${level} coverage`, r.coverage[level]!.rate, {
      of: `P${level}`,
      unit: "fraction",
    }),
    numberMetric(`mae.P${level}`, "mae", `P${level} mean absolute error`, r.metrics[level]?.mae ?? null, {
      of: `P${level}`,
      unit: "periods",
    }),
  ]);
}

export function cutLineMetrics(r: z.infer<typeof ZForecastCutLineResult>): RunMetric[] {
  return r.features.flatMap((f, i) =>
    byLevel(f.percentiles).map((level) =>
      numberMetric(`feature.${i}.P${level}`, "periods", `${f.name} P${level} (periods)`, f.percentiles[level], {
        of: `${f.name} P${level}`,
        unit: "periods",
      }),
    ),
  );
}

/** A splittable forecast's kept partial result (forecast-live.ts): each level's estimate so far. */
const ZPartial = z.object({
  percentiles: z.record(z.string(), z.object({ value: z.number().nullable() })),
  dates: z.record(z.string(), z.object({ value: z.string().nullable() })).optional(),
  probability: z.number().optional(),
  trials: z.number(),
  didNotFinish: z.number().optional(),
});

/**
 * The numbers of a stopped forecast's partial result, under the keys its full result would have
 * (`periods.P85` for "when", `items.P85` for "how many", `scope.P85` and `probability` for a deadline),
 * so a cancelled run lines up with finished ones. Unknown shapes compare without numbers.
 */
export function partialMetricsOf(task: "when" | "howMany" | "deadline"): (partial: unknown) => RunMetric[] {
  return (partial) => {
    const parsed = ZPartial.safeParse(partial);
    if (!parsed.success) return [];
    const r = parsed.data;
    const out: RunMetric[] = [];
    if (task === "deadline" && r.probability !== undefined)
      out.push(
        numberMetric("probability", "probability", "Chance by the deadline", r.probability, { unit: "fraction" }),
      );
    for (const level of byLevel(r.percentiles)) {
      const p = `P${level}`;
      const value = r.percentiles[level]!.value;
      if (task === "when") {
        out.push(numberMetric(`periods.${p}`, "periods", `${p} (periods)`, value, { of: p, unit: "periods" }));
        if (r.dates) out.push(dateMetric(`date.${p}`, "date", `${p} date`, r.dates[level]?.value, p));
      } else {
        const key = task === "deadline" ? `scope.${p}` : `items.${p}`;
        out.push(numberMetric(key, "items", `${p} (items)`, value, { of: p, unit: "items" }));
      }
    }
    if (task === "when" && r.didNotFinish !== undefined)
      out.push(numberMetric("didNotFinish", "didNotFinish", "Trials that did not finish", r.didNotFinish));
    out.push(numberMetric("trials", "trials", "Trials", r.trials));
    return out;
  };
}
