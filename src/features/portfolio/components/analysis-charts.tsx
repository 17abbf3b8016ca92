"use client";

import type { EChartsOption } from "echarts";
import { useTranslations } from "next-intl";
import { AXIS_NAME, COLORS, ChartFigure, GRID } from "@/components/chart";
import type { CorrelationDto, Optimisation } from "../analysis.types";
import { heatmapCells, thinSeries } from "./view-model";
import { usePortfolioFormat } from "./use-portfolio-format";

/** Line colours for up to 20 series (compare page). */
const PALETTE = [
  COLORS.indigo,
  COLORS.emerald,
  COLORS.amber,
  COLORS.red,
  "#0891b2",
  "#7c3aed",
  "#db2777",
  "#65a30d",
  "#ea580c",
  "#0f766e",
  "#4338ca",
  "#be123c",
  "#a16207",
  "#15803d",
  "#1d4ed8",
  "#9333ea",
  "#c2410c",
  "#0e7490",
  "#4d7c0f",
  "#64748b",
];

const num = (v: unknown) => (typeof v === "number" ? v : Array.isArray(v) && typeof v[1] === "number" ? v[1] : null);

interface DateSeriesProps {
  dates: readonly string[];
  series: Record<string, readonly number[]>;
  title: string;
  testId: string;
}

/** Lines on one (thinned) date axis, as numbers or percentages: what the normalised and drawdown charts share. */
function DateSeriesChart({
  dates,
  series,
  title,
  testId,
  height,
  unit,
  axis,
  legendWhenSingle,
  line,
}: DateSeriesProps & {
  height: number;
  unit: "num" | "pct";
  axis: { name: string; nameGap: number; scale?: boolean; max?: number };
  legendWhenSingle: boolean;
  line: (i: number, single: boolean) => object;
}) {
  const fmt = usePortfolioFormat();
  const thin = thinSeries(dates, series);
  const single = Object.keys(thin.series).length === 1;
  const legend = legendWhenSingle || !single;
  const option: EChartsOption = {
    grid: { ...GRID, top: legend ? 40 : 24 },
    legend: legend ? { top: 0, type: "scroll" } : undefined,
    tooltip: { trigger: "axis", valueFormatter: (v) => fmt[unit](num(v), 1) },
    xAxis: { type: "category", data: thin.dates.map(fmt.shortDay), axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value",
      ...(axis.scale ? { scale: true } : {}),
      ...(axis.max !== undefined ? { max: axis.max } : {}),
      name: axis.name,
      ...AXIS_NAME,
      nameGap: axis.nameGap,
      axisLabel: { formatter: (v: number) => fmt[unit](v, 0) },
    },
    series: Object.entries(thin.series).map(([name, data], i) => ({
      type: "line" as const,
      name,
      data,
      showSymbol: false,
      ...line(i, single),
    })),
  };
  return <ChartFigure title={title} option={option} height={height} testId={testId} />;
}

/** Several series rebased to 100 on one date axis (portfolio vs benchmark, or the compared assets). */
export function NormalisedChart(props: DateSeriesProps) {
  const t = useTranslations("portfolio");
  return (
    <DateSeriesChart
      {...props}
      height={320}
      unit="num"
      axis={{ name: t("axisBase100"), nameGap: 40, scale: true }}
      legendWhenSingle
      line={(i) => ({ lineStyle: { width: i === 0 ? 2 : 1.5 }, itemStyle: { color: PALETTE[i % PALETTE.length] } })}
    />
  );
}

/** Fall from the running peak, as a filled area (≤ 0). */
export function DrawdownChart(props: DateSeriesProps) {
  const t = useTranslations("portfolio");
  return (
    <DateSeriesChart
      {...props}
      height={260}
      unit="pct"
      axis={{ name: t("axisDrawdown"), nameGap: 44, max: 0 }}
      legendWhenSingle={false}
      line={(i, single) => ({
        itemStyle: { color: single ? COLORS.red : PALETTE[i % PALETTE.length] },
        areaStyle: single ? { color: "rgba(220,38,38,0.18)" } : undefined,
      })}
    />
  );
}

/** Pearson correlations of daily returns as a −1..1 heat map with the values in the cells. */
export function CorrelationHeatmap({ correlation, testId }: { correlation: CorrelationDto; testId: string }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const n = correlation.tickers.length;
  const option: EChartsOption = {
    grid: { left: 72, right: 16, top: 8, bottom: 88 },
    tooltip: {
      formatter: (p) => {
        const d = (p as { data?: [number, number, number | null] }).data;
        if (!d) return "";
        const a = correlation.tickers[n - 1 - d[1]];
        const b = correlation.tickers[d[0]];
        return `${a} × ${b}: ${fmt.ratio(d[2], 2)}`;
      },
    },
    xAxis: {
      type: "category",
      data: correlation.tickers,
      axisLabel: { rotate: n > 6 ? 45 : 0 },
      splitArea: { show: true },
    },
    yAxis: { type: "category", data: [...correlation.tickers].reverse(), splitArea: { show: true } },
    visualMap: {
      min: -1,
      max: 1,
      calculable: true,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 160,
      inRange: { color: ["#2563eb", "#f8fafc", "#dc2626"] },
      formatter: (v) => fmt.ratio(Number(v), 1),
    },
    series: [
      {
        type: "heatmap",
        name: t("correlation"),
        data: heatmapCells(correlation),
        label: {
          show: n <= 12,
          formatter: (p) => fmt.ratio((p.data as [number, number, number | null])[2], 2),
          fontSize: 10,
        },
        emphasis: { itemStyle: { borderColor: "#0f172a", borderWidth: 1 } },
      },
    ],
  };
  const height = Math.max(260, Math.min(640, 120 + n * 32));
  return <ChartFigure title={t("correlationTitle")} option={option} height={height} testId={testId} />;
}

/** The efficient frontier (volatility → expected return) with the current portfolio, min-vol and max-Sharpe marked. */
export function FrontierChart({ optimisation }: { optimisation: Optimisation }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const o = optimisation;
  const point = (
    name: string,
    color: string,
    symbol: string,
    v: { volatility: number; expectedReturn: number | null },
  ) =>
    v.expectedReturn === null
      ? null
      : {
          type: "scatter" as const,
          name,
          symbol,
          symbolSize: 14,
          z: 5,
          itemStyle: { color, borderColor: "#fff", borderWidth: 1 },
          data: [[v.volatility, v.expectedReturn]],
        };
  const marks = [
    point(t("frontierCurrent"), COLORS.red, "diamond", o.current),
    point(t("frontierMinVol"), COLORS.emerald, "triangle", o.minVolatility),
    o.maxSharpe ? point(t("frontierMaxSharpe"), COLORS.amber, "pin", o.maxSharpe) : null,
  ].filter((x) => x !== null);
  const option: EChartsOption = {
    grid: { ...GRID, top: 40, left: 64 },
    legend: { top: 0 },
    tooltip: {
      trigger: "item",
      formatter: (p) => {
        const d = (p as { data?: [number, number]; seriesName?: string }).data;
        if (!d) return "";
        return `${(p as { seriesName?: string }).seriesName}<br/>${t("volatility")}: ${fmt.pct(d[0], 1)}<br/>${t("expectedReturn")}: ${fmt.pct(d[1], 1)}`;
      },
    },
    xAxis: {
      type: "value",
      scale: true,
      name: t("axisVolatility"),
      ...AXIS_NAME,
      // One decimal: a frontier often spans a few points of volatility (22 %…26 %), where whole
      // percentages would repeat.
      axisLabel: { formatter: (v: number) => fmt.pct(v, 1) },
    },
    yAxis: {
      type: "value",
      scale: true,
      name: t("axisExpectedReturn"),
      ...AXIS_NAME,
      nameGap: 48,
      axisLabel: { formatter: (v: number) => fmt.pct(v, 0) },
    },
    series: [
      {
        type: "line",
        name: t("frontier"),
        data: [...o.frontier].sort((a, b) => a.volatility - b.volatility).map((p) => [p.volatility, p.expectedReturn]),
        symbolSize: 5,
        itemStyle: { color: COLORS.indigo },
      },
      ...marks,
    ],
  };
  return <ChartFigure title={t("frontierTitle")} option={option} height={340} testId="frontier-chart" />;
}
