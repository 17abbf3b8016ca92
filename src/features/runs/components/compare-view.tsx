"use client";

/**
 * Runs side by side (the page /runs/compare?ids=…, its URL being the shareable one): each run with its
 * link, creation, status and engine version, a warning when the engine versions differ, the inputs
 * field by field, the outputs with deltas, and the task's own overlay chart — given by the page that
 * composes this view (src/app/runs/compare), so this slice knows no task.
 */
import Link from "next/link";
import { useState, type ComponentType } from "react";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { QueryPending } from "@/components/ui/query-pending";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useViewerTimeZone } from "@/components/ui/run-options-fields";
import { useTRPC } from "@/trpc/react";
import type { RunStatus } from "@/runs/status";
import { StatusBadge } from "./status-badge";
import { InputsDiff, LETTERS, OutputsTable } from "./compare-tables";

/** One run as an overlay chart takes it: its letter (A–D) and its result (or the partial one it kept). */
export interface CompareChartRun {
  id: string;
  letter: string;
  result: unknown;
}
/** A task's overlay of the runs' results (null when the task has none). */
export type CompareChartView = ComponentType<{ task: string; runs: CompareChartRun[] }>;

/** The page's address is the comparison's shareable link: say so, and copy it. */
function ShareLink() {
  const t = useTranslations("Compare");
  const [copied, setCopied] = useState(false);
  return (
    <p className="mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-500">
      {t("share")}
      <button
        type="button"
        data-testid="compare-copy-link"
        className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50"
        onClick={() => void navigator.clipboard?.writeText(window.location.href).then(() => setCopied(true))}
      >
        {copied ? t("linkCopied") : t("copyLink")}
      </button>
    </p>
  );
}

export function CompareView({ ids, ChartView }: { ids: string[]; ChartView?: CompareChartView }) {
  const t = useTranslations("Compare");
  const format = useFormatter();
  const timeZone = useViewerTimeZone();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.runs.compare.queryOptions({ ids }), retry: false });
  if (!q.data) return <QueryPending error={q.error} notFound={q.error?.message ?? t("invalidIds")} />;
  const c = q.data;
  const versions = [...new Set(c.runs.map((r) => r.provenance.engineVersion ?? t("unknown")))].join(", ");
  const chartRuns = c.runs.map((r, i) => ({ id: r.id, letter: LETTERS[i]!, result: r.result ?? r.partial?.result }));
  return (
    <div className="space-y-6" data-testid="compare-view" data-task={c.task}>
      <Card data-testid="compare-runs">
        <CardHeader title={<span className="font-mono text-sm">{c.task}</span>} />
        <Table>
          <TableHead columns={["", t("run"), t("created"), t("status"), t("engine")]} />
          <tbody>
            {c.runs.map((r, i) => (
              <tr key={r.id} data-testid="compare-run" data-run-id={r.id}>
                <Td className="font-semibold">{LETTERS[i]}</Td>
                <Td>
                  <Link href={`/runs/${r.id}`} className="font-mono text-xs text-indigo-700 hover:underline">
                    {r.id.slice(0, 8)}
                  </Link>
                  {!r.result && r.partial && <span className="ml-2 text-xs text-amber-700">({t("partial")})</span>}
                </Td>
                <Td>{format.dateTime(new Date(r.createdAt), { dateStyle: "short", timeStyle: "medium", timeZone })}</Td>
                <Td>
                  <StatusBadge status={r.status as RunStatus} testId={`compare-status-${LETTERS[i]}`} />
                </Td>
                <Td data-testid={`compare-engine-${LETTERS[i]}`}>{r.provenance.engineVersion ?? t("unknown")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <ShareLink />
      </Card>
      {c.engineVersionsDiffer && (
        <div
          role="alert"
          data-testid="compare-engine-warning"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          {t("engineMismatch", { versions })}
        </div>
      )}
      <InputsDiff inputs={c.inputs} runs={c.runs.length} />
      <OutputsTable outputs={c.outputs} runs={c.runs.length} />
      {ChartView && <ChartView task={c.task} runs={chartRuns} />}
    </div>
  );
}
