"use client";

import dynamic from "next/dynamic";
import type { EChartsOption } from "echarts";

// echarts touches `window`: load it in the browser only.
const ReactECharts = dynamic(() => import("echarts-for-react"), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded-md bg-slate-100" />,
});

export const PALETTE = {
  indigo: "#4f46e5",
  emerald: "#059669",
  amber: "#d97706",
  red: "#dc2626",
  slate: "#64748b",
  sky: "#0284c7",
} as const;
export const AXIS_NAME = { nameLocation: "middle" as const, nameGap: 36, nameTextStyle: { color: "#475569" } };

/** A chart with its caption; the figure is labelled by the caption for assistive tech. */
export function EChart({
  title,
  option,
  height = 240,
  testId,
}: {
  title: string;
  option: EChartsOption;
  height?: number;
  testId: string;
}) {
  return (
    <figure data-testid={testId} aria-label={title} className="min-w-0">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <ReactECharts option={option} style={{ height }} notMerge opts={{ renderer: "svg" }} />
    </figure>
  );
}
