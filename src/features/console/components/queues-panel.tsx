"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { MAX_QUEUE_CONCURRENCY } from "@/runs/queues";
import { useTRPC } from "@/trpc/react";

/** Every queue: what runs and waits, its limit (editable) and pause/resume. Refreshed every 2 s. */
export function QueuesPanel() {
  const t = useTranslations("Queues");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const queues = useQuery({ ...trpc.console.queues.queryOptions(), refetchInterval: 2_000 });
  const [draft, setDraft] = useState<Record<string, string>>({});
  const update = useMutation(
    trpc.console.updateQueue.mutationOptions({
      onSuccess: (_r, v) => {
        setDraft((d) => ({ ...d, [v.name]: "" }));
        void qc.invalidateQueries({ queryKey: trpc.console.queues.queryKey() });
      },
    }),
  );
  const fieldError = (update.error?.data as { fields?: { path: string; message: string }[] | null } | undefined)
    ?.fields?.[0]?.message;

  return (
    <Card className="space-y-4">
      {(queues.error || update.error) && (
        <p role="alert" className="text-sm text-red-700">
          {fieldError ?? queues.error?.message ?? update.error?.message}
        </p>
      )}
      <Table data-testid="queues-table">
        <thead>
          <tr>
            <Th scope="col">{t("colQueue")}</Th>
            <Th scope="col">{t("colState")}</Th>
            <Th scope="col" className="text-right">
              {t("colRunning")}
            </Th>
            <Th scope="col" className="text-right">
              {t("colWaiting")}
            </Th>
            <Th scope="col">{t("colConcurrency")}</Th>
            <Th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(queues.data ?? []).map((q) => (
            <tr key={q.name} data-testid={`queue-${q.name}`}>
              <Td className="font-mono">{q.name}</Td>
              <Td>
                <Badge tone={q.paused ? "warning" : "success"}>{q.paused ? t("paused") : t("active")}</Badge>
              </Td>
              <Td className="text-right tabular-nums">
                {f.number(q.running)} / {f.number(q.concurrency)}
              </Td>
              <Td className="text-right tabular-nums">{f.number(q.waiting)}</Td>
              <Td>
                <form
                  className="flex items-center gap-2"
                  onSubmit={(e) => {
                    e.preventDefault();
                    update.mutate({ name: q.name as never, concurrency: Number(draft[q.name]) });
                  }}
                >
                  <Input
                    aria-label={t("concurrencyOf", { queue: q.name })}
                    type="number"
                    min={1}
                    max={MAX_QUEUE_CONCURRENCY}
                    className="w-24"
                    placeholder={String(q.concurrency)}
                    value={draft[q.name] ?? ""}
                    onChange={(e) => setDraft((d) => ({ ...d, [q.name]: e.target.value }))}
                  />
                  <Button type="submit" size="sm" variant="secondary" disabled={!draft[q.name] || update.isPending}>
                    {t("save")}
                  </Button>
                </form>
              </Td>
              <Td className="text-right">
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={update.isPending}
                  onClick={() => update.mutate({ name: q.name as never, paused: !q.paused })}
                >
                  {q.paused ? t("resume") : t("pause")}
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p className="text-xs text-slate-500">{t("help")}</p>
    </Card>
  );
}
