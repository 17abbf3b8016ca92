"use client";

import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, GRID } from "@/components/chart";
import { daysBetween } from "@/domain/forecast/dates";
import type { TForecastSensitivityResult, TTornadoRow } from "../sensitivity.output";

type Side = TTornadoRow["low"];

/** Days from the base P85 to a side's P85: between the dates when both have one, else periods × period length; null when not reached. */
export function daysFromBase(r: TForecastSensitivityResult, side: Side): number | null {
  if (side.periods === null || r.base.periods === null) return null;
  if (side.date && r.base.date) return daysBetween(r.base.date, side.date);
  return (side.periods - r.base.periods) * r.periodDays;
}

export interface TornadoWords {
  title: string;
  axis: string;
  low: string;
  high: string;
  base: string;
  label: (row: TTornadoRow) => string;
  days: (n: number) => string;
}

/**
 * The tornado: one row per factor, largest swing on top; per row a bar for the lower and one for the
 * higher input, each from the base P85 (the line at 0) to where that input puts the P85 date.
 */
export function TornadoChart({ result, words }: { result: TForecastSensitivityResult; words: TornadoWords }) {
  const rows = [...result.rows].reverse(); // a category axis draws its first entry at the bottom
  const bar = (side: "low" | "high") => rows.map((r) => daysFromBase(result, r[side]));
  const option: EChartsOption = {
    animation: false,
    grid: { ...GRID, left: 16, bottom: 72, containLabel: true },
    legend: { bottom: 0, data: [words.low, words.high] },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v) => (v === null || v === undefined || v === "-" ? "—" : words.days(Number(v))),
    },
    xAxis: {
      type: "value",
      name: words.axis,
      ...AXIS_NAME,
      axisLabel: { formatter: (v: number) => (v > 0 ? `+${v}` : String(v)) },
    },
    yAxis: {
      type: "category",
      data: rows.map(words.label),
      axisLabel: { width: 180, overflow: "truncate" },
      axisTick: { show: false },
    },
    series: [
      {
        type: "bar",
        name: words.low,
        data: bar("low"),
        barGap: "0%",
        itemStyle: { color: COLORS.emerald },
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color: COLORS.text, type: "solid" },
          label: { formatter: words.base, position: "end" },
          data: [{ xAxis: 0 }],
        },
      },
      { type: "bar", name: words.high, data: bar("high"), itemStyle: { color: COLORS.amber } },
    ],
  };
  return <ChartFigure title={words.title} option={option} height={110 + rows.length * 48} testId="tornado-chart" />;
}
