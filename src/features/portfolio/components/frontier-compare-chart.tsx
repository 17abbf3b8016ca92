"use client";

/**
 * A portfolio analysis comparison's overlay (the compare page composes it): each run's efficient
 * frontier (volatility → expected return) on one pair of axes, with its current portfolio as a point.
 * Runs whose result has no frontier compare by their numbers only.
 */
import { useFormatter, useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, GRID } from "@/components/chart";
import { Card, CardHeader } from "@/components/ui/card";
import { parseResult } from "@/runs/task-result";
import { ZPortfolioAnalysis } from "../analysis.output";

const RUN_COLORS = [COLORS.indigo, COLORS.amber, COLORS.emerald, COLORS.red] as const;
export const PORTFOLIO_ANALYSIS_TASK = "analysis.portfolio";

type Point = { volatility: number | null; expectedReturn: number | null };
const xy = (p: Point): [number, number] | null =>
  typeof p.volatility === "number" &&
  typeof p.expectedReturn === "number" &&
  Number.isFinite(p.volatility + p.expectedReturn)
    ? [p.volatility, p.expectedReturn]
    : null;

export function FrontierCompareChart({ runs }: { runs: { id: string; letter: string; result: unknown }[] }) {
  const t = useTranslations("Compare");
  const format = useFormatter();
  const parsed = runs.map((r) => ({ ...r, analysis: parseResult(ZPortfolioAnalysis, r.result) }));
  if (!parsed.some((r) => (r.analysis?.optimisation.frontier.length ?? 0) > 0)) return null;
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 1 });
  const axis = (name: string) => ({
    type: "value" as const,
    name,
    ...AXIS_NAME,
    scale: true,
    axisLabel: { formatter: (v: number) => pct(v) },
  });
  const option: EChartsOption = {
    animation: false,
    grid: { ...GRID, top: 36 },
    legend: { top: 0 },
    tooltip: { trigger: "item" },
    xAxis: axis(t("charts.axisVolatility")),
    yAxis: { ...axis(t("charts.axisReturn")), nameGap: 44 },
    series: parsed.flatMap((r, i) => {
      const o = r.analysis?.optimisation;
      if (!o || o.frontier.length === 0) return [];
      const name = t("runLabel", { letter: r.letter });
      const current = xy(o.current);
      return [
        {
          type: "line" as const,
          name,
          data: o.frontier.map(xy).filter((p): p is [number, number] => p !== null),
          showSymbol: false,
          lineStyle: { color: RUN_COLORS[i], width: 2 },
          itemStyle: { color: RUN_COLORS[i] },
        },
        ...(current
          ? [{ type: "scatter" as const, name, data: [current], symbolSize: 10, itemStyle: { color: RUN_COLORS[i] } }]
          : []),
      ];
    }),
  };
  return (
    <Card>
      <CardHeader title={t("chartsTitle")} />
      <ChartFigure testId="compare-chart-frontier" title={t("charts.frontierTitle")} option={option} height={320} />
    </Card>
  );
}
