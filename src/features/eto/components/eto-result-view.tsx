"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { ChartGrid } from "@/components/chart";
import { EtoChart, InputsChart } from "./eto-charts";
import { EtoDayTable } from "./eto-day-table";
import { sourceName } from "./eto-form-spec";
import { parseResult } from "@/runs/task-result";
import { ZEtoComputeResult } from "../eto.output";
import { useEtoFormat } from "./use-eto-format";
import { ResultCsvLink } from "@/features/runs/ui";

export const ETO_TASK = "eto.compute";

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50/60 p-3" data-testid={testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{value}</div>
    </div>
  );
}

/**
 * An eto.compute result: what was computed, summary cards, the Open-Meteo comparison, the daily
 * ETo and inputs charts, the per-day table with provenance, and the CSV download.
 */
export function EtoResultView({ result, runId }: { result: unknown; runId?: string }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const r = parseResult(ZEtoComputeResult, result);
  if (!r)
    return (
      <p role="alert" className="text-sm text-amber-800">
        {t("unexpectedShape")}
      </p>
    );
  const s = r.summary;
  const c = r.comparison;
  const names = (xs: string[]) => (xs.length ? xs.map(sourceName).join(", ") : t("none"));
  return (
    <div className="space-y-6" data-testid="eto-result">
      <p className="text-sm text-slate-600">
        {t("resultFor", {
          name: r.location.name ?? t("unnamed"),
          latitude: fmt.coord(r.location.latitude),
          longitude: fmt.coord(r.location.longitude),
          elevation: fmt.num(r.location.elevation, 0),
          start: fmt.day(r.range.start),
          end: fmt.day(r.range.end),
          method: r.method === "asce" ? t("asce") : t("fao56"),
        })}
      </p>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label={t("total")} value={t("mm", { value: fmt.num(s.totalMm, 1) })} testId="eto-total" />
        <Stat label={t("mean")} value={t("mmPerDay", { value: fmt.num(s.meanMm, 2) })} testId="eto-mean" />
        <Stat label={t("min")} value={t("mmPerDay", { value: fmt.num(s.minMm, 2) })} testId="eto-min" />
        <Stat label={t("max")} value={t("mmPerDay", { value: fmt.num(s.maxMm, 2) })} testId="eto-max" />
        <Stat label={t("days")} value={fmt.num(s.days, 0)} testId="eto-days-count" />
        <Stat label={t("interpolatedDays")} value={fmt.num(s.interpolatedDays, 0)} testId="eto-interpolated" />
        <Stat
          label={t("sourcesUsed")}
          value={<span className="text-sm">{names(s.sourcesUsed)}</span>}
          testId="eto-sources-used"
        />
        <Stat
          label={t("droppedSources")}
          value={
            <span
              className="text-sm"
              title={s.droppedSources.map((d) => `${sourceName(d.source)}: ${d.reason}`).join("\n")}
            >
              {names(s.droppedSources.map((d) => d.source))}
            </span>
          }
          testId="eto-dropped"
        />
      </div>
      {s.failedSources.length > 0 && (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="eto-failed">
          {t("failedSources")}: {s.failedSources.map((f) => `${sourceName(f.source)} — ${f.message}`).join("; ")}
        </p>
      )}
      {c && (
        <div className="rounded-md border border-slate-200 p-3 text-sm" data-testid="eto-comparison">
          <div className="font-medium text-slate-800">{t("comparisonTitle")}</div>
          <p className="text-slate-600">
            {t("comparisonText", {
              days: c.days,
              diff: fmt.num(c.meanDifferenceMm, 2),
              mae: fmt.num(c.maeMm, 2),
              r: c.r === null ? "—" : fmt.num(c.r, 3),
            })}
          </p>
        </div>
      )}
      <ChartGrid>
        <EtoChart days={r.days} />
        <InputsChart days={r.days} />
      </ChartGrid>
      <EtoDayTable days={r.days} />
      {runId && <ResultCsvLink runId={runId} label={t("downloadCsv")} />}
    </div>
  );
}
