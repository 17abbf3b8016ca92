"use client";

import type { EChartsOption } from "echarts";
import { useTranslations } from "next-intl";
import { COLORS, ChartFigure } from "@/components/chart";
import type { AssetDetail } from "./types";
import { useMarketFormat } from "./use-market-format";

/** Price (adjusted close) above, drawdown from the running high as an area below, one time axis. */
export function AssetChart({ detail }: { detail: AssetDetail }) {
  const t = useTranslations("market");
  const fmt = useMarketFormat();
  const cur = detail.asset.currency;
  const dates = detail.bars.map((b) => fmt.day(b.date));
  const option: EChartsOption = {
    legend: { top: 0 },
    tooltip: { trigger: "axis" },
    axisPointer: { link: [{ xAxisIndex: "all" }] },
    grid: [
      { left: 64, right: 16, top: 32, height: "52%" },
      { left: 64, right: 16, top: "72%", bottom: 32 },
    ],
    xAxis: [
      { type: "category", data: dates, gridIndex: 0, axisLabel: { show: false }, boundaryGap: false },
      { type: "category", data: dates, gridIndex: 1, axisLabel: { hideOverlap: true }, boundaryGap: false },
    ],
    yAxis: [
      { type: "value", gridIndex: 0, scale: true, axisLabel: { formatter: (v: number) => fmt.money(v, cur) } },
      { type: "value", gridIndex: 1, max: 0, axisLabel: { formatter: (v: number) => fmt.pct(v, 0) } },
    ],
    series: [
      {
        type: "line",
        name: t("seriesPrice"),
        data: detail.bars.map((b) => b.adjClose),
        xAxisIndex: 0,
        yAxisIndex: 0,
        showSymbol: false,
        itemStyle: { color: COLORS.indigo },
        tooltip: { valueFormatter: (v) => (typeof v === "number" ? fmt.money(v, cur) : "—") },
      },
      {
        type: "line",
        name: t("seriesDrawdown"),
        data: detail.drawdown,
        xAxisIndex: 1,
        yAxisIndex: 1,
        showSymbol: false,
        itemStyle: { color: COLORS.red },
        areaStyle: { color: "rgba(220,38,38,0.18)" },
        tooltip: { valueFormatter: (v) => (typeof v === "number" ? fmt.pct(v, 1) : "—") },
      },
    ],
  };
  return (
    <ChartFigure
      title={t("chartTitle", { ticker: detail.asset.ticker })}
      option={option}
      height={380}
      testId="asset-chart"
    />
  );
}
