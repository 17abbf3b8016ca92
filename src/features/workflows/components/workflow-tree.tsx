"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { ProgressBar, toPercent } from "@/components/ui/progress-bar";
import { Table, TableHead, Td } from "@/components/ui/table";
import { progressTone, StatusBadge } from "@/features/runs/ui";
import { isTerminal } from "@/runs/status";
import { useTRPC } from "@/trpc/react";

/** A workflow's steps, live (polled once a second while the workflow runs). */
export function WorkflowTree({ parentId, live }: { parentId: string; live: boolean }) {
  const t = useTranslations("Workflow");
  const trpc = useTRPC();
  const kids = useQuery({
    ...trpc.workflows.children.queryOptions({ id: parentId }),
    refetchInterval: live ? 1000 : false,
  });
  // When the workflow ends, read its steps once more: the last poll may predate the last step's end.
  const { refetch } = kids;
  useEffect(() => {
    if (!live) void refetch();
  }, [live, refetch]);
  const rows = kids.data ?? [];
  const ended = rows.filter((r) => isTerminal(r.status)).length;
  return (
    <Card className="space-y-3" data-testid="workflow-tree">
      <CardHeader title={t("steps", { ended, total: rows.length })} />
      <Table>
        <TableHead columns={["#", t("task"), t("status"), { label: t("progress"), className: "w-56" }]} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`step-${r.step}`}>
              <Td className="tabular-nums">{(r.step ?? 0) + 1}</Td>
              <Td>
                <Link href={`/runs/${r.id}`} className="font-mono text-indigo-700 hover:underline">
                  {r.task}
                </Link>
              </Td>
              <Td>
                <StatusBadge status={r.status} testId={`step-status-${r.step}`} />
              </Td>
              <Td>
                <div className="flex items-center gap-2">
                  <ProgressBar
                    value={r.progress}
                    label={`${t("progress")} ${(r.step ?? 0) + 1}`}
                    size="sm"
                    tone={progressTone(r.status)}
                  />
                  <span className="w-11 shrink-0 text-right text-xs tabular-nums text-slate-600">
                    {toPercent(r.progress)} %
                  </span>
                </div>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
