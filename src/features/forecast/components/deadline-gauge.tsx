"use client";

import { useFormatter } from "next-intl";
import type { EChartsOption } from "echarts";
import { COLORS, ChartFigure } from "@/components/chart";

/** The chance of being done by the deadline as a gauge: red below 50 %, amber to 85 %, green above. */
export function DeadlineGauge({
  probability,
  title,
  testId = "chart-gauge",
}: {
  probability: number;
  title: string;
  testId?: string;
}) {
  const format = useFormatter();
  const option: EChartsOption = {
    animation: false,
    series: [
      {
        type: "gauge",
        min: 0,
        max: 100,
        startAngle: 200,
        endAngle: -20,
        radius: "92%",
        splitNumber: 5,
        center: ["50%", "60%"],
        progress: { show: false },
        axisLine: {
          lineStyle: {
            width: 14,
            color: [
              [0.5, COLORS.red],
              [0.85, COLORS.amber],
              [1, COLORS.emerald],
            ],
          },
        },
        pointer: { width: 5, itemStyle: { color: "#334155" } },
        axisTick: { show: false },
        splitLine: { distance: -14, length: 14, lineStyle: { color: "#fff", width: 2 } },
        axisLabel: {
          distance: 20,
          color: COLORS.text,
          fontSize: 10,
          formatter: (v: number) => format.number(v / 100, { style: "percent" }),
        },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, "35%"],
          fontSize: 22,
          fontWeight: 600,
          color: "#0f172a",
          formatter: (v: number) => format.number(v / 100, { style: "percent", maximumFractionDigits: 1 }),
        },
        data: [{ value: Math.round(probability * 1000) / 10 }],
      },
    ],
  };
  return <ChartFigure testId={testId} title={title} option={option} height={220} />;
}
