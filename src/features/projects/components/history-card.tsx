"use client";

import { useTranslations } from "next-intl";
import { mean as meanOf, sum } from "@/domain/shared/stats";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { AXIS_NAME, ChartFigure, COLORS } from "@/components/chart";
import { useProjectFormat } from "./use-project-format";

type Row = { periodStart: string; count: number };

/** The throughput history: a bar chart, a few numbers, the table, and the CSV download. */
export function HistoryCard({ id, history, periodDays }: { id: string; history: Row[]; periodDays: number }) {
  const t = useTranslations("ProjectsDetail");
  const fmt = useProjectFormat();
  const counts = history.map((r) => r.count);
  const total = sum(counts);
  const mean = counts.length ? meanOf(counts) : 0;
  const unit = periodDays === 7 ? "week" : "day";

  const option = {
    animation: false,
    grid: { left: 48, right: 12, top: 16, bottom: 48 },
    tooltip: { trigger: "axis" as const },
    xAxis: {
      type: "category" as const,
      data: history.map((r) => fmt.shortDay(r.periodStart)),
      name: t("axisPeriod"),
      ...AXIS_NAME,
    },
    yAxis: { type: "value" as const, minInterval: 1, name: t("axisItems"), ...AXIS_NAME },
    series: [
      {
        type: "bar" as const,
        name: t("axisItems"),
        data: history.map((r) => r.count),
        itemStyle: { color: COLORS.indigo },
      },
    ],
  };

  return (
    <Card className="space-y-4">
      <CardHeader
        title={t("historyTitle")}
        actions={
          <a
            href={`/api/v1/projects/${id}/history.csv`}
            download
            className="text-sm font-medium text-indigo-700 hover:underline"
          >
            {t("downloadCsv")}
          </a>
        }
      />
      {history.length === 0 ? (
        <p className="text-sm text-slate-500">{t("historyEmpty")}</p>
      ) : (
        <>
          <p className="text-sm text-slate-700" data-testid="history-summary">
            {t("historySummary", {
              periods: history.length,
              unit,
              total: fmt.num(total, 0),
              mean: fmt.num(mean),
              first: fmt.day(history[0]!.periodStart),
              last: fmt.day(history.at(-1)!.periodStart),
            })}
          </p>
          <ChartFigure title={t("throughputChart")} option={option} testId="throughput-chart" />
          <details>
            <summary className="cursor-pointer text-sm font-medium text-slate-700">
              {t("historyTable", { periods: history.length })}
            </summary>
            <div className="mt-2 max-h-80 overflow-y-auto">
              <Table data-testid="history-table">
                <TableHead columns={[t("periodStart"), { label: t("count"), numeric: true }]} />
                <tbody>
                  {history.map((r) => (
                    <tr key={r.periodStart}>
                      <Td className="tabular-nums">{fmt.day(r.periodStart)}</Td>
                      <Td className="text-right tabular-nums">{fmt.num(r.count, 0)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          </details>
        </>
      )}
    </Card>
  );
}
