"use client";

import dynamic from "next/dynamic";
import type { EChartsOption } from "echarts";

// echarts touches `window`: load it in the browser only.
const ReactECharts = dynamic(() => import("echarts-for-react"), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-md bg-slate-100" />,
});

export const COLORS = {
  indigo: "#4f46e5",
  indigoBand: "rgba(79,70,229,0.18)",
  emerald: "#059669",
  amber: "#d97706",
  red: "#dc2626",
  slate: "#94a3b8",
  text: "#475569",
} as const;

export const GRID = { left: 56, right: 16, top: 24, bottom: 48 };
export const AXIS_NAME = { nameLocation: "middle" as const, nameGap: 32, nameTextStyle: { color: COLORS.text } };

/** A value axis of probabilities 0–1, labelled as percentages in the reader's locale (a CDF's y axis). */
export function probabilityAxis(name: string, percent: (v: number) => string) {
  return {
    type: "value" as const,
    min: 0,
    max: 1,
    name,
    ...AXIS_NAME,
    nameGap: 44,
    axisLabel: { formatter: (v: number) => percent(v) },
  };
}

/** One chart with its caption (which also labels the figure for assistive tech); `testId` marks it for tests. */
export function ChartFigure({
  title,
  option,
  height = 260,
  testId,
}: {
  title: string;
  option: EChartsOption;
  height?: number;
  testId?: string;
}) {
  return (
    <figure data-testid={testId} aria-label={title} className="min-w-0">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <ReactECharts option={option} style={{ height }} notMerge opts={{ renderer: "svg" }} />
    </figure>
  );
}

/** Charts side by side on wide containers. */
export function ChartGrid({ children }: { children: React.ReactNode }) {
  return (
    <div className="@container">
      <div className="grid gap-6 @3xl:grid-cols-2">{children}</div>
    </div>
  );
}
