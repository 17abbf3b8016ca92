"use client";

import { useEffect, useId, useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { RerunChanges, RunPanel } from "@/features/runs/ui";
import { changesFrom } from "@/components/form/rerun-diff";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import { HISTORY_RANGES, ZAnalyzePortfolio, type AnalysisRange } from "../portfolio.schemas";
import { RangeSelect, ResultPending, useAnalysisRun } from "./analysis-run";
import { HoldingsEditor } from "./holdings-editor";
import { PortfolioAnalysisView } from "./portfolio-analysis-view";
import { PortfolioSettings } from "./portfolio-settings";
import { useKnownAssets } from "./ticker-options";
import { usePortfolioFormat } from "./use-portfolio-format";
import { readResult } from "./view-model";
import { TickerDatalist } from "./ticker-datalist";
import { useRerunOrigin } from "./use-rerun-origin";
import { QueryPending } from "@/components/ui/query-pending";

export const PORTFOLIO_TASK = "analysis.portfolio";
const RANGES: readonly AnalysisRange[] = HISTORY_RANGES.filter((r) =>
  ["6mo", "1y", "2y", "5y", "10y", "max"].includes(r),
);

/**
 * One portfolio: settings, the holdings editor, "Run analysis" (analysis.portfolio) with live
 * progress in place (`?run=`), then the result — or the latest saved analysis until one runs.
 * `?from=` ("Edit and rerun"): the form takes that run's range, lists what it changes, and links its runs to it.
 */
export function PortfolioView({ id }: { id: string }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.portfolio.get.queryOptions({ id }));
  const latest = useQuery(trpc.portfolio.latest.queryOptions({ id }));
  const { assets } = useKnownAssets();
  const listId = useId();
  const { runId, setRunId, live, running } = useAnalysisRun();
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZAnalyzePortfolio,
        toCandidate: (v: { range: AnalysisRange }) => ({ id, range: v.range }),
        fields: ["range"],
      }),
    [id],
  );
  const form = useSchemaForm(spec, { range: "2y" });
  const origin = useRerunOrigin(id, (range) => form.setValue("range", range));
  const analyze = useMutation(
    trpc.portfolio.analyze.mutationOptions({
      onSuccess: (r) => setRunId(r.runId),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const analyzeError = rootError(form.formState.errors);

  const succeeded = live.state?.status === "succeeded";
  // A finished run is saved as the latest analysis: refresh it.
  useEffect(() => {
    if (succeeded) void qc.invalidateQueries({ queryKey: trpc.portfolio.latest.queryKey({ id }) });
  }, [succeeded, qc, trpc, id]);

  if (q.error || !q.data) return <QueryPending error={q.error} notFound={t("notFound")} />;
  const p = q.data;

  const runResult =
    live.run?.status === "succeeded" &&
    live.run.task === PORTFOLIO_TASK &&
    (live.run.input as { portfolioId?: unknown } | null)?.portfolioId === id
      ? readResult(live.run.result, "portfolio")
      : null;
  const shown = runResult ?? (latest.data ? readResult(latest.data.data, "portfolio") : null);

  return (
    <div className="space-y-6">
      <TickerDatalist id={listId} assets={assets} />
      <PortfolioSettings portfolio={p} benchmarkListId={listId} />
      <HoldingsEditor key={p.id} portfolio={p} assets={assets} />
      <Card data-testid="analysis-card">
        <CardHeader title={t("analysisTitle")} />
        <form
          className="flex flex-wrap items-end gap-3"
          aria-label={t("analysisTitle")}
          noValidate
          onSubmit={form.handleSubmit((input) => analyze.mutate({ ...input, ...origin?.submit }))}
        >
          <RangeSelect control={form.control} id={`${listId}-range`} ranges={RANGES} className="w-40" />
          <Button
            type="submit"
            disabled={analyze.isPending || running || p.holdings.length === 0}
            aria-busy={analyze.isPending || undefined}
            data-testid="run-analysis"
          >
            {t("runAnalysis")}
          </Button>
          {p.holdings.length === 0 && <span className="text-sm text-slate-500">{t("needHoldings")}</span>}
        </form>
        {origin && (
          <div className="mt-3">
            <RerunChanges
              originRunId={origin.runId}
              changes={changesFrom(spec, { range: origin.range }, form.watch())}
            />
          </div>
        )}
        {analyzeError && (
          <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="analysis-error">
            {analyzeError}
          </p>
        )}
        {runId && (
          <div className="mt-4">
            <RunPanel runId={runId} live={live} />
          </div>
        )}
        {runId && succeeded && !runResult && <ResultPending live={live} className="mt-3 text-sm text-slate-500" />}
      </Card>
      {shown ? (
        <Card>
          {!runResult && latest.data && (
            <p className="mb-4 text-sm text-slate-600" data-testid="latest-analysis">
              {t("latestAnalysis", { at: fmt.instant(latest.data.createdAt) })}
            </p>
          )}
          <PortfolioAnalysisView analysis={shown} />
        </Card>
      ) : (
        latest.isSuccess &&
        !runId && (
          <p className="text-sm text-slate-500" data-testid="no-analysis">
            {t("noAnalysis")}
          </p>
        )
      )}
    </div>
  );
}
