"use client";

import { DAY_MS, isoDateIn, isoDateToDay, UTC } from "@/domain/shared/dates";
import { useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import type { ProjectDetail } from "../projects.service";
import { AXIS_NAME, ChartFigure, COLORS } from "@/components/chart";
import { useProjectFormat } from "./use-project-format";

const DAY = DAY_MS;
const dayMs = (iso: string) => (isoDateToDay(iso) ?? NaN) * DAY_MS;
/**
 * A value axis over day timestamps: from 3 days before the first to 3 days after the last, ticks every
 * whole number of days (whole weeks past a week), starting at midnight (local for moments, UTC for dates).
 */
function dayAxis(values: number[], local: boolean): { min?: number; max?: number; interval?: number } {
  if (values.length === 0) return {};
  const lo = Math.min(...values) - 3 * DAY;
  const hi = Math.max(...values) + 3 * DAY;
  let min: number;
  if (local) {
    const d = new Date(lo);
    d.setHours(0, 0, 0, 0);
    min = d.getTime();
  } else min = Math.floor(lo / DAY) * DAY;
  let days = Math.max(1, Math.ceil((hi - min) / DAY / 6));
  if (days > 7) days = Math.ceil(days / 7) * 7;
  const interval = days * DAY;
  return { min, max: min + Math.ceil((hi - min) / interval) * interval, interval };
}

const LEVELS = [
  { key: "p50", name: "P50", color: COLORS.indigo },
  { key: "p85", name: "P85", color: COLORS.amber },
  { key: "p95", name: "P95", color: COLORS.red },
] as const;

/**
 * Forecast vs actual: each saved "when" forecast's completion dates (y) by the day it was made (x),
 * the actual completion as a line across, and the actual burn-up beside it.
 */
export function ConvergenceCard({
  convergence,
  actuals,
  actualCompletion,
}: Pick<ProjectDetail, "convergence" | "actuals" | "actualCompletion">) {
  const t = useTranslations("ProjectsDetail");
  const fmt = useProjectFormat();
  const utcLabel = (ms: number) => fmt.shortDay(isoDateIn(ms, UTC));

  // Day-aligned axes that hold every point and the actual completion line, with ~6 ticks.
  const ys = [
    ...convergence.flatMap((c) => LEVELS.flatMap((l) => (c[l.key] ? [dayMs(c[l.key]!)] : []))),
    ...(actualCompletion ? [dayMs(actualCompletion)] : []),
  ];
  const xs = convergence.map((c) => Date.parse(c.madeOn));
  const convergenceOption = {
    animation: false,
    grid: { left: 84, right: 24, top: 32, bottom: 48 },
    legend: { top: 0 },
    tooltip: {
      trigger: "item" as const,
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { seriesName?: string; value?: unknown };
        const [x, y] = (p.value as [number, number]) ?? [0, 0];
        return t("pointTooltip", {
          level: p.seriesName ?? "",
          made: fmt.madeOn(new Date(x).toISOString()),
          done: fmt.day(isoDateIn(y, UTC)),
        });
      },
    },
    xAxis: {
      type: "value" as const,
      ...dayAxis(xs, true),
      name: t("axisMadeOn"),
      ...AXIS_NAME,
      axisLabel: { formatter: fmt.shortInstant },
    },
    yAxis: {
      type: "value" as const,
      ...dayAxis(ys, false),
      name: t("axisCompletion"),
      ...AXIS_NAME,
      nameGap: 68,
      axisLabel: { formatter: utcLabel },
    },
    series: LEVELS.map((l, i) => ({
      type: "line" as const,
      name: l.name,
      data: convergence.flatMap((c) => (c[l.key] ? [[Date.parse(c.madeOn), dayMs(c[l.key]!)]] : [])),
      symbolSize: 8,
      lineStyle: { color: l.color, width: 2 },
      itemStyle: { color: l.color },
      ...(i === 0 && actualCompletion
        ? {
            markLine: {
              symbol: "none",
              lineStyle: { color: COLORS.emerald, width: 2, type: "solid" as const },
              label: {
                formatter: t("actualLine", { date: fmt.day(actualCompletion) }),
                position: "insideEndTop" as const,
              },
              data: [{ yAxis: dayMs(actualCompletion) }],
            },
          }
        : {}),
    })),
  };

  let done = 0;
  const burn = actuals.map((a) => ({ x: dayMs(a.date), done: (done += a.completed), remaining: a.remaining }));
  const burnOption = {
    animation: false,
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    legend: { top: 0 },
    tooltip: { trigger: "axis" as const },
    xAxis: {
      type: "time" as const,
      minInterval: DAY,
      name: t("axisDate"),
      ...AXIS_NAME,
      axisLabel: { formatter: utcLabel, hideOverlap: true },
    },
    yAxis: { type: "value" as const, minInterval: 1, name: t("axisItems"), ...AXIS_NAME },
    series: [
      {
        type: "line" as const,
        name: t("burnDone"),
        data: burn.map((b) => [b.x, b.done]),
        itemStyle: { color: COLORS.emerald },
        areaStyle: { color: "rgba(5,150,105,0.08)" },
      },
      {
        type: "line" as const,
        name: t("burnRemaining"),
        data: burn.filter((b) => b.remaining !== null).map((b) => [b.x, b.remaining]),
        itemStyle: { color: COLORS.text },
      },
    ],
  };

  return (
    <Card className="space-y-4">
      <CardHeader title={t("convergenceTitle")} />
      <p className="text-sm text-slate-600">{t("convergenceLead")}</p>
      {actualCompletion && (
        <p className="text-sm font-medium text-emerald-800" data-testid="actual-completion">
          {t("actualCompletion", { date: fmt.day(actualCompletion) })}
        </p>
      )}
      {convergence.length === 0 && !actualCompletion ? (
        <p className="text-sm text-slate-500">{t("convergenceEmpty")}</p>
      ) : (
        <>
          <div className="grid gap-6 lg:grid-cols-2">
            <ChartFigure
              title={t("convergenceChart")}
              option={convergenceOption}
              height={300}
              testId="convergence-chart"
            />
            {actuals.length > 0 && (
              <ChartFigure title={t("burnUpChart")} option={burnOption} height={300} testId="burnup-chart" />
            )}
          </div>
          <Table data-testid="convergence-table">
            <caption className="sr-only">{t("convergenceChart")}</caption>
            <TableHead columns={[t("madeOn"), ...LEVELS.map((l) => l.name)]} />
            <tbody>
              {convergence.map((c) => (
                <tr key={c.forecastId}>
                  <Td className="whitespace-nowrap tabular-nums">
                    {fmt.madeOn(c.madeOn)}
                    {c.label && <span className="ml-2 text-slate-500">{c.label}</span>}
                  </Td>
                  {LEVELS.map((l) => (
                    <Td key={l.key} className="whitespace-nowrap tabular-nums">
                      {fmt.day(c[l.key])}
                    </Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
      {convergence.length === 0 && !actualCompletion && actuals.length > 0 && (
        <ChartFigure title={t("burnUpChart")} option={burnOption} testId="burnup-chart" />
      )}
    </Card>
  );
}
