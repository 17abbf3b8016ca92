"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, ChartGrid, GRID, probabilityAxis } from "@/components/chart";
import type { TForecastWhenResult } from "../forecast.output";

/** The next round number at or above x (…, 5, 10, 15, 20, 50, 55…), for an axis top. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 0;
  const step = 10 ** Math.floor(Math.log10(x)) / 2;
  return Math.ceil(x / step) * step;
}

/** Histogram of periods to finish, the cumulative probability curve and the burn-up fan. */
export function ForecastCharts({ result, backlog }: { result: TForecastWhenResult; backlog?: number }) {
  const t = useTranslations("Result");
  const tr = useTranslations("ForecastResult");
  const format = useFormatter();
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 1 });

  const histogram: EChartsOption = {
    animation: false,
    grid: GRID,
    tooltip: { trigger: "axis", valueFormatter: (v) => format.number(Number(v)) },
    xAxis: {
      type: "category",
      data: result.histogram.map((h) => String(h.periods)),
      name: t("axisPeriods"),
      ...AXIS_NAME,
    },
    yAxis: {
      type: "value",
      name: t("axisTrials"),
      ...AXIS_NAME,
      nameGap: 44,
      axisLabel: { formatter: (v: number) => format.number(v, { notation: "compact" }) },
    },
    series: [
      {
        type: "bar",
        name: t("axisTrials"),
        data: result.histogram.map((h) => h.count),
        itemStyle: { color: COLORS.indigo },
      },
    ],
  };

  const cdf: EChartsOption = {
    animation: false,
    grid: GRID,
    tooltip: { trigger: "axis", valueFormatter: (v) => pct(Number(v)) },
    xAxis: { type: "category", data: result.cdf.map((c) => String(c.periods)), name: t("axisPeriods"), ...AXIS_NAME },
    yAxis: probabilityAxis(t("axisProbability"), (v) => format.number(v, { style: "percent" })),
    series: [
      {
        type: "line",
        name: t("axisProbability"),
        data: result.cdf.map((c) => c.p),
        showSymbol: result.cdf.length <= 40,
        lineStyle: { color: COLORS.emerald, width: 2 },
        itemStyle: { color: COLORS.emerald },
        areaStyle: { color: "rgba(5,150,105,0.08)" },
      },
    ],
  };

  const burn = result.burnUp ?? [];
  const top = niceCeil(Math.max(backlog ?? 0, ...burn.map((b) => b.p85)) * 1.05);
  const burnUp: EChartsOption = {
    animation: false,
    grid: { ...GRID, bottom: 72 },
    legend: { bottom: 0, data: [tr("burnUpBand"), tr("burnUpMedian")] },
    tooltip: {
      trigger: "axis",
      formatter: (items) => {
        const i = Array.isArray(items) ? (items[0]?.dataIndex ?? 0) : items.dataIndex;
        const b = burn[i];
        return b
          ? tr("burnUpTooltip", {
              period: b.period,
              p15: format.number(b.p15),
              p50: format.number(b.p50),
              p85: format.number(b.p85),
            })
          : "";
      },
    },
    xAxis: {
      type: "category",
      data: burn.map((b) => String(b.period)),
      name: t("axisPeriods"),
      ...AXIS_NAME,
      nameGap: 26,
    },
    yAxis: { type: "value", name: tr("axisItemsDone"), ...AXIS_NAME, nameGap: 44, max: top > 0 ? top : undefined },
    series: [
      {
        type: "line",
        name: "base",
        data: burn.map((b) => b.p15),
        stack: "band",
        symbol: "none",
        lineStyle: { opacity: 0 },
        silent: true,
      },
      {
        type: "line",
        name: tr("burnUpBand"),
        data: burn.map((b) => Math.max(0, b.p85 - b.p15)),
        stack: "band",
        symbol: "none",
        lineStyle: { opacity: 0 },
        areaStyle: { color: COLORS.indigoBand },
        itemStyle: { color: COLORS.indigoBand },
      },
      {
        type: "line",
        name: tr("burnUpMedian"),
        data: burn.map((b) => b.p50),
        symbol: "none",
        showSymbol: false,
        lineStyle: { color: COLORS.indigo, width: 2 },
        itemStyle: { color: COLORS.indigo },
        markLine:
          backlog !== undefined
            ? {
                symbol: "none",
                silent: true,
                lineStyle: { color: COLORS.red, type: "dashed" },
                label: { formatter: tr("burnUpBacklog", { n: format.number(backlog) }), position: "insideEndTop" },
                data: [{ yAxis: backlog }],
              }
            : undefined,
      },
    ],
  };

  return (
    <ChartGrid>
      <ChartFigure testId="chart-histogram" title={t("histogramTitle")} option={histogram} />
      <ChartFigure testId="chart-cdf" title={t("cdfTitle")} option={cdf} />
      {burn.length > 0 && <ChartFigure testId="chart-burnup" title={tr("burnUpTitle")} option={burnUp} height={300} />}
    </ChartGrid>
  );
}
