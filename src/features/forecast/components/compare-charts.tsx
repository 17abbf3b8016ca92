"use client";

/**
 * A forecast comparison's overlay (the compare page composes it): the "when" runs' cumulative
 * probability of finishing (a stopped run's from its partial result), one line per run (A–D) on one
 * periods axis. Other forecast tasks compare by their numbers only.
 */
import { useFormatter, useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, GRID, probabilityAxis } from "@/components/chart";
import { Card, CardHeader } from "@/components/ui/card";
import { z } from "zod";
import { parseResult } from "@/runs/task-result";

/** What the overlay draws of a "when" result, or of the partial one a stopped run kept: its CDF. */
const ZWithCdf = z.object({ cdf: z.array(z.object({ periods: z.number(), p: z.number() })) });

/** One colour per run, A to D. */
const RUN_COLORS = [COLORS.indigo, COLORS.amber, COLORS.emerald, COLORS.red] as const;

export function ForecastCompareCharts({
  task,
  runs,
}: {
  task: string;
  runs: { id: string; letter: string; result: unknown }[];
}) {
  const t = useTranslations("Compare");
  const format = useFormatter();
  if (task !== "forecast.when") return null;
  const parsed = runs.map((r) => ({ ...r, when: parseResult(ZWithCdf, r.result) }));
  if (!parsed.some((r) => r.when)) return null;
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 1 });
  const option: EChartsOption = {
    animation: false,
    grid: { ...GRID, top: 36 },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: (v) => pct(Number(v)) },
    xAxis: { type: "value", name: t("charts.axisPeriods"), ...AXIS_NAME, minInterval: 1, scale: true },
    yAxis: probabilityAxis(t("charts.axisProbability"), (v) => format.number(v, { style: "percent" })),
    series: parsed.flatMap((r, i) =>
      r.when
        ? [
            {
              type: "line" as const,
              name: t("runLabel", { letter: r.letter }),
              step: "end" as const,
              data: r.when.cdf.map((c) => [c.periods, c.p]),
              showSymbol: false,
              lineStyle: { color: RUN_COLORS[i], width: 2 },
              itemStyle: { color: RUN_COLORS[i] },
            },
          ]
        : [],
    ),
  };
  return (
    <Card>
      <CardHeader title={t("chartsTitle")} />
      <ChartFigure testId="compare-chart-cdf" title={t("charts.cdfTitle")} option={option} height={320} />
    </Card>
  );
}
