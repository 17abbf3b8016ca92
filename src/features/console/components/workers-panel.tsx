"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useFormatDuration } from "@/features/runs/ui";
import { useTRPC } from "@/trpc/react";

/** Every worker process: host, pid, queues, concurrency, what it runs now, last beat, uptime. */
export function WorkersPanel() {
  const t = useTranslations("Workers");
  const f = useFormatter();
  const dur = useFormatDuration();
  const trpc = useTRPC();
  const [includeStopped, setIncludeStopped] = useState(false);
  const q = useQuery({ ...trpc.console.workers.queryOptions({ includeStopped }), refetchInterval: 3_000 });
  const qc = useQueryClient();
  const drain = useMutation(
    trpc.console.drainWorker.mutationOptions({
      onSettled: () => qc.invalidateQueries({ queryKey: trpc.console.workers.queryKey() }),
    }),
  );
  const tone = { live: "success", draining: "warning", dead: "danger", stopped: "neutral" } as const;
  return (
    <Card className="space-y-4">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={includeStopped} onChange={(e) => setIncludeStopped(e.target.checked)} />
        {t("includeStopped")}
      </label>
      {drain.isSuccess && (
        <p role="status" className="text-sm text-slate-700">
          {t("drainAsked")}
        </p>
      )}
      {drain.error && (
        <p role="alert" className="text-sm text-red-700">
          {drain.error.message}
        </p>
      )}
      {q.error && (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      <Table data-testid="workers-table">
        <TableHead
          columns={[
            t("colWorker"),
            t("colState"),
            t("colQueues"),
            { label: t("colRunning"), numeric: true },
            t("colLastBeat"),
            { label: t("colUptime"), numeric: true },
            t("colActions"),
          ]}
        />
        <tbody>
          {(q.data ?? []).map((w) => (
            <tr key={w.id} data-testid={`worker-${w.pid}`}>
              <Td>
                <div className="font-mono text-xs">{w.host}</div>
                <div className="text-xs text-slate-500">pid {w.pid}</div>
              </Td>
              <Td>
                <Badge tone={tone[w.state]}>{t(`state.${w.state}`)}</Badge>
              </Td>
              <Td className="font-mono text-xs">{w.queues.join(", ")}</Td>
              <Td className="text-right tabular-nums">
                {w.running.length} / {w.concurrency}
                {w.running.slice(0, 3).map((r) => (
                  <div key={r.id} className="text-xs">
                    <Link href={`/runs/${r.id}`} className="font-mono text-indigo-700 hover:underline">
                      {r.task} {r.id.slice(0, 8)}
                    </Link>
                  </div>
                ))}
              </Td>
              <Td className="tabular-nums">{f.relativeTime(new Date(w.lastBeatAt), new Date())}</Td>
              <Td className="text-right tabular-nums">{dur(w.uptimeS * 1000)}</Td>
              <Td>
                {w.state === "live" && (
                  <ConfirmButton
                    variant="secondary"
                    question={t("drainConfirm", { worker: `${w.host} (pid ${w.pid})` })}
                    confirmLabel={t("drain")}
                    disabled={drain.isPending}
                    onConfirm={() => drain.mutate({ id: w.id })}
                    data-testid={`drain-${w.pid}`}
                  >
                    {t("drain")}
                  </ConfirmButton>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {q.isSuccess && q.data.length === 0 && <p className="text-sm text-slate-500">{t("none")}</p>}
    </Card>
  );
}
