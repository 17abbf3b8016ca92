"use client";

import dynamic from "next/dynamic";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useFormatDuration, useCoalesced, useRealtimeRuns } from "@/features/runs/ui";
import { useTRPC } from "@/trpc/react";

const ReactECharts = dynamic(() => import("echarts-for-react"), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded-md bg-slate-100" />,
});

/**
 * The console's front page. It refreshes when runs change (the all-runs SSE feed, at most every 2 s)
 * and every 30 s besides — no polling storm however many runs move.
 */
export function OverviewPanel() {
  const t = useTranslations("Overview");
  const f = useFormatter();
  const dur = useFormatDuration();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({ ...trpc.console.overview.queryOptions(), refetchInterval: 30_000 });
  const key = trpc.console.overview.queryKey();

  // The figures follow the runs: a status change anywhere refetches them, at most every 2 s.
  const refetchSoon = useCoalesced(() => void qc.invalidateQueries({ queryKey: key }), 2_000);
  useRealtimeRuns({ all: true, onMessage: (m) => m.type === "status" && refetchSoon() });

  const d = q.data;
  const pct = (x: number | null) => (x === null ? "—" : f.number(x, { style: "percent", maximumFractionDigits: 1 }));
  const chart = d && {
    animation: false,
    grid: { left: 40, right: 16, top: 24, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: "axis" as const },
    xAxis: {
      type: "category" as const,
      data: d.hours.map((h) => f.dateTime(new Date(h.hour), { hour: "2-digit", minute: "2-digit" })),
    },
    yAxis: { type: "value" as const, minInterval: 1 },
    series: [
      {
        type: "bar" as const,
        stack: "runs",
        name: t("succeeded"),
        data: d.hours.map((h) => h.succeeded),
        itemStyle: { color: "#059669" },
      },
      {
        type: "bar" as const,
        stack: "runs",
        name: t("failed"),
        data: d.hours.map((h) => h.failed),
        itemStyle: { color: "#dc2626" },
      },
    ],
  };

  return (
    <div className="space-y-6">
      {q.error && (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="queue-cards">
        {(d?.queues ?? []).map((x) => (
          <Card key={x.queue} className="space-y-2" data-testid={`queue-card-${x.queue}`}>
            <h2 className="font-mono text-sm font-semibold">{x.queue}</h2>
            <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm tabular-nums">
              <dt className="text-slate-500">{t("waiting")}</dt>
              <dd data-testid={`waiting-${x.queue}`}>{f.number(x.waiting)}</dd>
              <dt className="text-slate-500">{t("running")}</dt>
              <dd data-testid={`running-${x.queue}`}>{f.number(x.running)}</dd>
              <dt className="text-slate-500">{t("scheduled")}</dt>
              <dd>{f.number(x.scheduled)}</dd>
              <dt className="text-slate-500">{t("retrying")}</dt>
              <dd>{f.number(x.retrying)}</dd>
              <dt className="text-slate-500">{t("failed24h")}</dt>
              <dd>{f.number(x.failed24h)}</dd>
              <dt className="text-slate-500">{t("dead")}</dt>
              <dd>{f.number(x.dead)}</dd>
              <dt className="text-slate-500">{t("oldest")}</dt>
              <dd>{x.oldestWaitingS === null ? "—" : dur(x.oldestWaitingS * 1000)}</dd>
            </dl>
          </Card>
        ))}
      </div>
      {d && (
        <Card className="space-y-3">
          <CardHeader title={t("throughput")} />
          <p className="text-sm text-slate-600" data-testid="rates">
            {t("rates", {
              hour: f.number(d.lastHour.succeeded + d.lastHour.failed),
              hourFail: pct(d.lastHour.failureRate),
              day: f.number(d.lastDay.succeeded + d.lastDay.failed),
              dayFail: pct(d.lastDay.failureRate),
            })}
          </p>
          {chart && <ReactECharts option={chart} style={{ height: 224 }} notMerge />}
        </Card>
      )}
      {d && (
        <Card className="space-y-3">
          <CardHeader title={t("runtimes")} />
          <Table>
            <TableHead
              columns={[
                t("task"),
                { label: t("runs"), numeric: true },
                { label: "p50", numeric: true },
                { label: "p95", numeric: true },
              ]}
            />
            <tbody>
              {d.tasks.map((x) => (
                <tr key={x.task}>
                  <Td className="font-mono text-xs">{x.task}</Td>
                  <Td className="text-right tabular-nums">{f.number(x.runs)}</Td>
                  <Td className="text-right tabular-nums">{dur(x.p50S * 1000)}</Td>
                  <Td className="text-right tabular-nums">{dur(x.p95S * 1000)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </div>
  );
}
