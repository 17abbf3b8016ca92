"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { ProjectHeader } from "./project-header";
import { HistoryCard } from "./history-card";
import { HistoryImport } from "./history-import";
import { SavedForecasts } from "./saved-forecasts";
import { ActualsCard } from "./actuals-card";
import { ConvergenceCard } from "./convergence-card";

const TABS = ["when", "howMany", "deadline", "backtest", "cutLine"] as const;

/** One project: its settings, history (import, paste, export), forecasts from it, saved forecasts, actuals and how the forecasts converged. */
export function ProjectView({ id }: { id: string }) {
  const t = useTranslations("ProjectsDetail");
  const trpc = useTRPC();
  // Always fresh on arrival: the forecast page may have just saved a forecast into this project.
  const q = useQuery({ ...trpc.projects.get.queryOptions({ id }), refetchOnMount: "always" });

  if (q.error) {
    return (
      <p role="alert" className="text-red-700">
        {(q.error as { data?: { code?: string } }).data?.code === "NOT_FOUND" ? t("notFound") : q.error.message}
      </p>
    );
  }
  if (!q.data) return <div className="h-40 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />;
  const d = q.data;
  const hasHistory = d.samples.some((s) => s > 0);

  return (
    <div className="space-y-6">
      <ProjectHeader project={d.project} />
      <Card>
        <nav aria-label={t("forecastNav")} className="flex flex-wrap items-center gap-2">
          <span className="mr-2 text-sm font-medium text-slate-800">{t("forecastNav")}</span>
          {TABS.map((tab) => (
            <Link
              key={tab}
              href={`/forecast?project=${id}&tab=${tab}`}
              aria-disabled={!hasHistory}
              className={
                hasHistory
                  ? "inline-flex h-8 items-center rounded-md bg-indigo-600 px-3 text-sm font-medium text-white shadow-sm hover:bg-indigo-700"
                  : "pointer-events-none inline-flex h-8 items-center rounded-md bg-slate-200 px-3 text-sm font-medium text-slate-500"
              }
            >
              {t(`tab.${tab}`)}
            </Link>
          ))}
          {!hasHistory && <span className="text-sm text-slate-500">{t("needHistory")}</span>}
        </nav>
      </Card>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <HistoryCard id={id} history={d.history} periodDays={d.project.periodDays} />
        <HistoryImport id={id} project={d.project} history={d.history} />
      </div>
      <SavedForecasts id={id} forecasts={d.forecasts} periodDays={d.project.periodDays} />
      <ActualsCard id={id} actuals={d.actuals} />
      <ConvergenceCard convergence={d.convergence} actuals={d.actuals} actualCompletion={d.actualCompletion} />
    </div>
  );
}
