"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { StatusBadge } from "@/features/runs/ui";
import type { RunStatus } from "@/runs/status";
import { useTRPC } from "@/trpc/react";

/** The latest runs of one schedule (its slots and "run now" runs). */
export function ScheduleHistory({ id }: { id: string }) {
  const t = useTranslations("Schedules");
  const f = useFormatter();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.schedules.get.queryOptions({ id }), refetchInterval: 5_000 });
  const when = (iso: string | null) =>
    iso ? f.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "medium" }) : "—";
  return (
    <Card className="space-y-3" data-testid="schedule-history">
      <CardHeader title={t("historyOf", { name: q.data?.name ?? "…" })} />
      {q.data && q.data.history.length === 0 && <p className="text-sm text-slate-500">{t("noHistory")}</p>}
      <ul className="space-y-1 text-sm">
        {(q.data?.history ?? []).map((h) => (
          <li key={h.id} className="flex gap-3 tabular-nums">
            <Link href={`/runs/${h.id}`} className="font-mono text-indigo-700 hover:underline">
              {h.id.slice(0, 8)}
            </Link>
            <span>{h.slot ? t("slot", { when: when(h.slot) }) : t("manual")}</span>
            <StatusBadge status={h.status as RunStatus} testId={`history-status-${h.id}`} />
            <span className="text-slate-500">{when(h.finishedAt)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
