"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";

/** The stored report files (own and system), newest first, each with its download link. */
export function ReportFiles({ runId }: { runId?: string | null }) {
  const t = useTranslations("Reports");
  const fmt = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const files = useQuery(trpc.reports.list.queryOptions(runId ? { limit: 50, runId } : { limit: 100 }));
  const remove = useMutation(
    trpc.reports.remove.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.reports.list.queryKey() }),
    }),
  );
  const rows = files.data ?? [];
  return (
    <Card data-testid={runId ? "report-run-files" : "report-files"}>
      <CardHeader title={runId ? t("runFiles") : t("files")} />
      {files.isLoading ? (
        <p className="text-sm text-slate-500" aria-busy="true">
          {t("loading")}
        </p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noFiles")}</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>{t("title")}</Th>
              <Th>{t("format")}</Th>
              <Th>{t("size")}</Th>
              <Th>{t("created")}</Th>
              <Th>
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id} data-testid="report-file-row">
                <Td>
                  {f.title}
                  {f.ownerId === null && <span className="ml-2 text-xs text-slate-500">{t("system")}</span>}
                </Td>
                <Td className="uppercase">{f.format}</Td>
                <Td>{fmt.number(f.size / 1024, { maximumFractionDigits: 1 })} KB</Td>
                <Td>{fmt.dateTime(new Date(f.createdAt), { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td className="space-x-3 whitespace-nowrap text-right">
                  <a
                    href={`/api/v1/reports/${f.id}`}
                    download={f.filename}
                    className="font-medium text-indigo-700 hover:underline"
                    data-testid={`report-download-${f.format}`}
                    title={f.filename}
                  >
                    {t("download")}
                  </a>
                  {f.ownerId !== null && (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => remove.mutate({ id: f.id })}
                      disabled={remove.isPending}
                    >
                      {t("remove")}
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
