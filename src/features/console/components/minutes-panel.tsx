"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { useFormatDuration } from "@/features/runs/ui";
import { QUEUES, type QueueName } from "@/runs/queues";
import { useTRPC } from "@/trpc/react";

const ReactECharts = dynamic(() => import("echarts-for-react"), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded-md bg-slate-100" />,
});

const WINDOWS = [1, 3, 6, 12, 24] as const;

/**
 * Runs started / ended / failed and queue-wait p50 / p95 per minute (the rollup table, refreshed every
 * 30 s), for all queues and tasks or one of each.
 */
export function MinutesPanel() {
  const t = useTranslations("Minutes");
  const f = useFormatter();
  const dur = useFormatDuration();
  const trpc = useTRPC();
  const [hours, setHours] = useState<(typeof WINDOWS)[number]>(24);
  const [queue, setQueue] = useState<QueueName | "">("");
  const [task, setTask] = useState("");
  const q = useQuery({
    ...trpc.console.minutes.queryOptions({ hours, ...(queue ? { queue } : {}), ...(task ? { task } : {}) }),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  const labels = d?.minutes.map((m) => f.dateTime(new Date(m.minute), { hour: "2-digit", minute: "2-digit" })) ?? [];
  const ms = (x: number | null) => (x === null ? "—" : dur(x));
  const grid = { left: 48, right: 16, top: 28, bottom: 48 };
  const zoom = [{ type: "inside" as const }, { type: "slider" as const, height: 16, bottom: 8 }];
  const runs = d && {
    animation: false,
    grid,
    legend: { top: 0 },
    tooltip: { trigger: "axis" as const },
    dataZoom: zoom,
    xAxis: { type: "category" as const, data: labels },
    yAxis: { type: "value" as const, minInterval: 1, name: t("runsAxis") },
    series: [
      { type: "line" as const, name: t("started"), data: d.minutes.map((m) => m.started), showSymbol: false },
      { type: "line" as const, name: t("ended"), data: d.minutes.map((m) => m.ended), showSymbol: false },
      {
        type: "bar" as const,
        name: t("failed"),
        data: d.minutes.map((m) => m.failed),
        itemStyle: { color: "#dc2626" },
      },
    ],
  };
  const waits = d && {
    animation: false,
    grid,
    legend: { top: 0 },
    tooltip: { trigger: "axis" as const, valueFormatter: (v: unknown) => (typeof v === "number" ? dur(v) : "—") },
    dataZoom: zoom,
    xAxis: { type: "category" as const, data: labels },
    yAxis: { type: "log" as const, name: t("waitAxis"), axisLabel: { formatter: (v: number) => dur(v) } },
    series: [
      { type: "line" as const, name: t("waitP50"), data: d.minutes.map((m) => m.waitP50Ms), showSymbol: false },
      { type: "line" as const, name: t("waitP95"), data: d.minutes.map((m) => m.waitP95Ms), showSymbol: false },
    ],
  };
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
  return (
    <Card className="space-y-3" data-testid="minutes-panel">
      <CardHeader title={t("title")} />
      <p className="text-sm text-slate-600">{t("lead")}</p>
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="flex items-center gap-2">
          {t("hours")}
          <select className={select} value={hours} onChange={(e) => setHours(Number(e.target.value) as typeof hours)}>
            {WINDOWS.map((n) => (
              <option key={n} value={n}>
                {t("hoursN", { n })}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          {t("queue")}
          <select className={select} value={queue} onChange={(e) => setQueue(e.target.value as QueueName | "")}>
            <option value="">{t("all")}</option>
            {QUEUES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          {t("task")}
          <select className={select} value={task} onChange={(e) => setTask(e.target.value)} data-testid="minutes-task">
            <option value="">{t("all")}</option>
            {[...new Set([...(d?.tasks ?? []), ...(task ? [task] : [])])].map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.error && (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {d && (
        <p
          className="text-sm tabular-nums text-slate-700"
          data-testid="minutes-totals"
          data-shown-for={q.isPlaceholderData ? "" : `${hours}h ${queue || "all"} ${task || "all"}`}
        >
          {t("totals", {
            started: f.number(d.totals.started),
            ended: f.number(d.totals.ended),
            failed: f.number(d.totals.failed),
            p50: ms(d.totals.waitP50Ms),
            p95: ms(d.totals.waitP95Ms),
          })}
        </p>
      )}
      {runs && <ReactECharts option={runs} style={{ height: 224 }} notMerge />}
      {waits && <ReactECharts option={waits} style={{ height: 224 }} notMerge />}
    </Card>
  );
}
