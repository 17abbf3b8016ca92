"use client";

import dynamic from "next/dynamic";
import { useFormatter, useTranslations } from "next-intl";
import type { WhenResult } from "@/domain/forecast";

// echarts touches `window`: load it in the browser only.
const ReactECharts = dynamic(() => import("echarts-for-react"), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-md bg-slate-100" />,
});

const INDIGO = "#4f46e5";
const EMERALD = "#059669";

/** Histogram of periods to finish and the cumulative probability curve. */
export function ForecastCharts({ result }: { result: WhenResult }) {
  const t = useTranslations("Result");
  const format = useFormatter();
  const periods = result.histogram.map((h) => String(h.periods));
  const grid = { left: 56, right: 16, top: 24, bottom: 48 };
  const axisName = { nameLocation: "middle" as const, nameGap: 32, nameTextStyle: { color: "#475569" } };

  const histogram = {
    animation: false,
    grid,
    tooltip: { trigger: "axis" as const, valueFormatter: (v: unknown) => format.number(Number(v)) },
    xAxis: { type: "category" as const, data: periods, name: t("axisPeriods"), ...axisName },
    yAxis: {
      type: "value" as const,
      name: t("axisTrials"),
      ...axisName,
      nameGap: 44,
      axisLabel: { formatter: (v: number) => format.number(v, { notation: "compact" }) },
    },
    series: [{ type: "bar" as const, name: t("axisTrials"), data: result.histogram.map((h) => h.count), itemStyle: { color: INDIGO } }],
  };

  const cdf = {
    animation: false,
    grid,
    tooltip: {
      trigger: "axis" as const,
      valueFormatter: (v: unknown) => format.number(Number(v), { style: "percent", maximumFractionDigits: 1 }),
    },
    xAxis: { type: "category" as const, data: result.cdf.map((c) => String(c.periods)), name: t("axisPeriods"), ...axisName },
    yAxis: {
      type: "value" as const,
      min: 0,
      max: 1,
      name: t("axisProbability"),
      ...axisName,
      nameGap: 44,
      axisLabel: { formatter: (v: number) => format.number(v, { style: "percent" }) },
    },
    series: [
      {
        type: "line" as const,
        name: t("axisProbability"),
        data: result.cdf.map((c) => c.p),
        showSymbol: result.cdf.length <= 40,
        lineStyle: { color: EMERALD, width: 2 },
        itemStyle: { color: EMERALD },
        areaStyle: { color: "rgba(5,150,105,0.08)" },
      },
    ],
  };

  return (
    <div className="@container">
      <div className="grid gap-6 @3xl:grid-cols-2">
      <figure>
        <figcaption className="mb-2 text-sm font-medium text-slate-700">{t("histogramTitle")}</figcaption>
        <ReactECharts option={histogram} style={{ height: 260 }} notMerge opts={{ renderer: "svg" }} />
      </figure>
      <figure>
        <figcaption className="mb-2 text-sm font-medium text-slate-700">{t("cdfTitle")}</figcaption>
        <ReactECharts option={cdf} style={{ height: 260 }} notMerge opts={{ renderer: "svg" }} />
      </figure>
      </div>
    </div>
  );
}
