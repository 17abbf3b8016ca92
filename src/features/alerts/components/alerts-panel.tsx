"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";

const PAGE = 25;

/** Open alerts (refreshed every 15 s) and the history, newest first, a page at a time. */
export function AlertsPanel() {
  const t = useTranslations("Alerts");
  const f = useFormatter();
  const trpc = useTRPC();
  const open = useQuery({ ...trpc.alerts.open.queryOptions(), refetchInterval: 15_000 });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const history = useQuery({
    ...trpc.alerts.history.queryOptions({ limit: PAGE, ...(cursor ? { cursor } : {}) }),
    refetchInterval: cursor ? false : 15_000,
  });
  const qc = useQueryClient();
  const evaluate = useMutation(
    trpc.alerts.evaluateNow.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.alerts.pathKey() }),
    }),
  );
  const when = (iso: string) => f.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "medium" });

  return (
    <div className="space-y-6">
      <Card className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-base font-semibold text-slate-900">{t("openTitle")}</h2>
          <div className="flex items-center gap-2">
            {evaluate.data && (
              <span role="status" className="text-xs text-slate-600">
                {evaluate.data.ran
                  ? t("evaluated", { fired: evaluate.data.fired, resolved: evaluate.data.resolved })
                  : t("evaluateBusy")}
              </span>
            )}
            <Button size="sm" variant="secondary" disabled={evaluate.isPending} onClick={() => evaluate.mutate()}>
              {t("evaluateNow")}
            </Button>
          </div>
        </div>
        {evaluate.error && (
          <p role="alert" className="text-sm text-red-700">
            {evaluate.error.message}
          </p>
        )}
        {open.error && (
          <p role="alert" className="text-sm text-red-700">
            {open.error.message}
          </p>
        )}
        {open.data && open.data.length === 0 && <p className="text-sm text-slate-600">{t("noneOpen")}</p>}
        {(open.data?.length ?? 0) > 0 && (
          <Table data-testid="open-alerts">
            <TableHead columns={[t("colRule"), t("colSubject"), t("colMessage"), t("colFired")]} />
            <tbody>
              {open.data!.map((a) => (
                <tr key={a.id} data-testid={`alert-${a.subject}`}>
                  <Td>
                    <Badge tone="danger">{a.rule}</Badge>
                  </Td>
                  <Td className="font-mono text-xs">{a.subject}</Td>
                  <Td>{a.message}</Td>
                  <Td className="whitespace-nowrap">{when(a.firedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">{t("historyTitle")}</h2>
        {history.data && history.data.items.length === 0 && <p className="text-sm text-slate-600">{t("noHistory")}</p>}
        {(history.data?.items.length ?? 0) > 0 && (
          <Table data-testid="alert-history">
            <TableHead columns={[t("colRule"), t("colSubject"), t("colMessage"), t("colFired"), t("colResolved")]} />
            <tbody>
              {history.data!.items.map((a) => (
                <tr key={a.id}>
                  <Td>{a.rule}</Td>
                  <Td className="font-mono text-xs">{a.subject}</Td>
                  <Td>{a.message}</Td>
                  <Td className="whitespace-nowrap">{when(a.firedAt)}</Td>
                  <Td className="whitespace-nowrap">
                    {a.resolvedAt ? when(a.resolvedAt) : <Badge tone="danger">{t("stillOpen")}</Badge>}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t("newer")}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            disabled={!history.data?.nextCursor}
            onClick={() => setCursors((c) => [...c, history.data!.nextCursor!])}
          >
            {t("older")}
          </Button>
        </div>
      </Card>
    </div>
  );
}
