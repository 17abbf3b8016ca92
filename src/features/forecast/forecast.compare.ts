/**
 * Which numbers of a forecast result a comparison of runs puts side by side (TaskDefinition
 * .compareMetrics of the forecast tasks): each percentile (periods or items) and its date, the mean,
 * the chance by a deadline. Pure and client-safe.
 */
import { dateMetric, numberMetric, type RunMetric } from "@/domain/shared/run-metrics";
import type { z } from "zod";
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
