"use client";

/**
 * An ETo comparison's overlay (the compare page composes it): each run's daily ETo on one date axis,
 * and below it each run's daily difference to run A (the summary numbers are in the outputs table).
 */
import { useFormatter, useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, ChartGrid, GRID } from "@/components/chart";
import { Card, CardHeader } from "@/components/ui/card";
import { parseResult } from "@/runs/task-result";
import { ZEtoComputeResult } from "../eto.output";

const RUN_COLORS = [COLORS.indigo, COLORS.amber, COLORS.emerald, COLORS.red] as const;

/** Each run's ETo per day on the union of their days (null where a run has no such day), and B−A, C−A… @public */
export function etoOverlay(days: ({ date: string; etoMm: number }[] | null)[]) {
  const dates = [...new Set(days.flatMap((d) => (d ? d.map((x) => x.date) : [])))].sort();
  const series = days.map((d) => {
    const by = new Map((d ?? []).map((x) => [x.date, x.etoMm]));
    return dates.map((date) => by.get(date) ?? null);
  });
  const base = series[0] ?? [];
  const diffs = series
    .slice(1)
    .map((s) => s.map((v, i) => (v === null || base[i] === null || base[i] === undefined ? null : v - base[i])));
  return { dates, series, diffs };
}

export function EtoCompareCharts({ runs }: { runs: { id: string; letter: string; result: unknown }[] }) {
  const t = useTranslations("Compare");
  const format = useFormatter();
  const parsed = runs.map((r) => parseResult(ZEtoComputeResult, r.result));
  if (!parsed.some(Boolean)) return null;
  const { dates, series, diffs } = etoOverlay(parsed.map((p) => p?.days ?? null));
  const mm = (v: unknown) => (typeof v === "number" ? format.number(v, { maximumFractionDigits: 2 }) : "—");
  const xAxis = { type: "category" as const, data: dates, name: t("charts.axisDate"), ...AXIS_NAME };
  const line = (name: string, data: (number | null)[], color: string, dashed = false) => ({
    type: "line" as const,
    name,
    data,
    showSymbol: dates.length <= 40,
    connectNulls: false,
    lineStyle: { color, width: 2, ...(dashed ? { type: "dashed" as const } : {}) },
    itemStyle: { color },
  });
  const daily: EChartsOption = {
    animation: false,
    grid: { ...GRID, top: 36 },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: mm },
    xAxis,
    yAxis: { type: "value", name: t("charts.axisEto"), ...AXIS_NAME, nameGap: 40 },
    series: series.map((s, i) => line(t("runLabel", { letter: runs[i]!.letter }), s, RUN_COLORS[i]!)),
  };
  const difference: EChartsOption = {
    animation: false,
    grid: { ...GRID, top: 36 },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: mm },
    xAxis,
    yAxis: { type: "value", name: t("charts.axisDiff"), ...AXIS_NAME, nameGap: 40 },
    series: diffs.map((s, i) => line(t("charts.diff", { letter: runs[i + 1]!.letter }), s, RUN_COLORS[i + 1]!, true)),
  };
  return (
    <Card>
      <CardHeader title={t("chartsTitle")} />
      <ChartGrid>
        <ChartFigure testId="compare-chart-eto" title={t("charts.etoTitle")} option={daily} height={300} />
        <ChartFigure
          testId="compare-chart-eto-diff"
          title={t("charts.etoDiffTitle")}
          option={difference}
          height={300}
        />
      </ChartGrid>
    </Card>
  );
}
