"use client";

import { useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, ChartGrid, GRID } from "@/components/chart";
import type { TForecastBacktestResult } from "../forecast.output";
import { useForecastFormat } from "./use-forecast-format";

/** Calibration (nominal level vs observed coverage, with the diagonal a calibrated forecast follows) and forecasts vs actuals per fold. */
export function BacktestCharts({ result, levels }: { result: TForecastBacktestResult; levels: string[] }) {
  const t = useTranslations("ForecastResult");
  const f = useForecastFormat();
  const pct = (v: number) => f.pct(v / 100, 0);

  const calibration: EChartsOption = {
    animation: false,
    grid: { ...GRID, bottom: 64 },
    legend: { bottom: 0, data: [t("calibrationObserved"), t("calibrationIdeal")] },
    tooltip: {
      trigger: "item",
      formatter: (p) =>
        Array.isArray(p)
          ? ""
          : t("calibrationTooltip", {
              level: pct(Number((p.value as number[])[0])),
              observed: pct(Number((p.value as number[])[1])),
            }),
    },
    xAxis: {
      type: "value",
      min: 0,
      max: 100,
      name: t("axisNominal"),
      ...AXIS_NAME,
      axisLabel: { formatter: (v: number) => pct(v) },
    },
    yAxis: {
      type: "value",
      min: 0,
      max: 100,
      name: t("axisObserved"),
      ...AXIS_NAME,
      nameGap: 44,
      axisLabel: { formatter: (v: number) => pct(v) },
    },
    series: [
      {
        type: "line",
        name: t("calibrationIdeal"),
        data: [
          [0, 0],
          [100, 100],
        ],
        symbol: "none",
        silent: true,
        lineStyle: { color: COLORS.slate, type: "dashed" },
        itemStyle: { color: COLORS.slate },
      },
      {
        type: "line",
        name: t("calibrationObserved"),
        data: result.calibration
          .filter((c) => c.observed !== null)
          .map((c) => [c.level, Math.round(c.observed! * 1000) / 10]),
        lineStyle: { color: COLORS.indigo, width: 2 },
        itemStyle: { color: COLORS.indigo },
      },
    ],
  };

  const show = levels.filter((l) => ["50", "85"].includes(l));
  const shown = show.length > 0 ? show : levels.slice(-1);
  const folds: EChartsOption = {
    animation: false,
    grid: { ...GRID, bottom: 64 },
    legend: { bottom: 0 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: result.folds.map((x) => String(x.cutoff)), name: t("axisCutoff"), ...AXIS_NAME },
    yAxis: { type: "value", name: t("axisPeriodsToFinish"), ...AXIS_NAME, nameGap: 44 },
    series: [
      ...shown.map((l, i) => ({
        type: "line" as const,
        name: t("foldForecast", { level: f.num(Number(l)) }),
        data: result.folds.map((x) => x.forecast[l] ?? null),
        symbol: "none",
        lineStyle: { color: i === 0 ? COLORS.indigo : COLORS.amber, width: 2 },
        itemStyle: { color: i === 0 ? COLORS.indigo : COLORS.amber },
      })),
      {
        type: "scatter",
        name: t("foldActual"),
        data: result.folds.map((x) => x.actual),
        symbolSize: 7,
        itemStyle: { color: COLORS.emerald },
      },
    ],
  };

  return (
    <ChartGrid>
      <ChartFigure testId="chart-calibration" title={t("calibrationTitle")} option={calibration} height={300} />
      {result.folds.length > 0 && (
        <ChartFigure testId="chart-folds" title={t("foldsTitle")} option={folds} height={300} />
      )}
    </ChartGrid>
  );
}
