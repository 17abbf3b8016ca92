"use client";

import { useEffect, useId, useMemo, useRef } from "react";
import { useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { ChartGrid } from "@/components/chart";
import { RunPanel } from "@/features/runs/ui";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import type { Comparison } from "../analysis.types";
import { HISTORY_RANGES, ZAnalysisCompareInput, type AnalysisRange } from "../portfolio.schemas";
import { RangeSelect, ResultPending, useAnalysisRun } from "./analysis-run";
import { CorrelationHeatmap, DrawdownChart, NormalisedChart } from "./analysis-charts";
import { checkTickerList, cleanTicker, MAX_COMPARE, MIN_COMPARE, TICKER_RE } from "./holdings-spec";
import { MetricsTable } from "./metrics-cards";
import { useKnownAssets } from "./ticker-options";
import { usePortfolioFormat } from "./use-portfolio-format";
import { readResult } from "./view-model";
import { TickerDatalist } from "./ticker-datalist";

export const COMPARE_TASK = "analysis.compare";

/** A comparison: normalised performance (base 100), drawdowns, the correlation heat map and the metrics side by side. */
export function ComparisonView({ result: c }: { result: Comparison }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  return (
    <div className="space-y-8" data-testid="compare-result">
      <p className="text-sm text-slate-600">
        {t("compareFor", { start: fmt.day(c.start), end: fmt.day(c.end), at: fmt.instant(c.computedAt) })}
      </p>
      <ChartGrid>
        <NormalisedChart
          dates={c.series.dates}
          series={c.series.normalised}
          title={t("normalisedTitle")}
          testId="normalised-chart"
        />
        <DrawdownChart
          dates={c.series.dates}
          series={c.series.drawdown}
          title={t("drawdownTitle")}
          testId="compare-drawdown-chart"
        />
      </ChartGrid>
      <CorrelationHeatmap correlation={c.correlation} testId="correlation-heatmap" />
      <MetricsTable tickers={c.tickers} metrics={c.metrics} label={t("metrics")} testId="compare-metrics" />
    </div>
  );
}

interface CompareValues {
  picked: string[];
  /** The ticker(s) being typed, added to `picked` with Enter or Add. */
  text: string;
  range: AnalysisRange;
}

/** The compare page: pick 2–20 tickers and a range, run analysis.compare with live progress (`?run=`), then the result. */
export function CompareView() {
  const t = useTranslations("portfolio");
  const trpc = useTRPC();
  const { assets } = useKnownAssets();
  const listId = useId();
  const { runId, setRunId, live, running } = useAnalysisRun();
  // The picks are checked here (translated), then with the server's ZAnalysisCompareInput.
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZAnalysisCompareInput,
        toCandidate: (v: CompareValues) => {
          const r = checkTickerList(v.picked);
          return { tickers: r.ok ? r.tickers : v.picked.map(cleanTicker), range: v.range };
        },
        fields: ["picked", "range"],
        rename: { tickers: "picked" },
        preCheck: (v: CompareValues) => {
          const r = checkTickerList(v.picked);
          if (r.ok) return [];
          const message =
            r.code === "invalid"
              ? t("issue.tickerInvalid", { ticker: r.ticker })
              : t("issue.compareCount", { min: r.min, max: r.max });
          return [{ path: ["picked"], message }];
        },
      }),
    [t],
  );
  const form = useSchemaForm(spec, { picked: [], text: "", range: "1y" });
  const { setValue, getValues, setError, clearErrors } = form;
  const [picked, text] = useWatch({ control: form.control, name: ["picked", "text"] });
  const setPicked = (next: string[]) => setValue("picked", next);
  const start = useMutation(
    trpc.analysis.compare.mutationOptions({
      onSuccess: (r) => setRunId(r.runId),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const errors = form.formState.errors;
  const error = errors.text?.message ?? errors.picked?.message;
  const startError = rootError(errors);

  // A reload (or a shared link) brings the compared tickers and range back from the run's input.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || !live.run || live.run.task !== COMPARE_TASK) return;
    restored.current = true;
    const input = live.run.input as { tickers?: unknown; range?: unknown } | null;
    if (Array.isArray(input?.tickers))
      setValue(
        "picked",
        input.tickers.filter((x): x is string => typeof x === "string"),
      );
    if (typeof input?.range === "string" && (HISTORY_RANGES as readonly string[]).includes(input.range))
      setValue("range", input.range as AnalysisRange);
  }, [live.run, setValue]);

  /** Enter or Add: the typed tickers join the picks (each checked; no more than MAX_COMPARE). */
  const add = () => {
    const parts = getValues("text")
      .split(/[\s,;]+/)
      .map(cleanTicker)
      .filter(Boolean);
    const bad = parts.find((p) => !TICKER_RE.test(p));
    if (bad) return setError("text", { type: "client", message: t("issue.tickerInvalid", { ticker: bad }) });
    const next = [...new Set([...getValues("picked"), ...parts])];
    if (next.length > MAX_COMPARE)
      return setError("text", {
        type: "client",
        message: t("issue.compareCount", { min: MIN_COMPARE, max: MAX_COMPARE }),
      });
    setPicked(next);
    setValue("text", "");
    clearErrors(["text", "picked"]);
  };
  const submit = form.handleSubmit(({ tickers, range }) => start.mutate({ tickers, range }));

  const result =
    live.run?.status === "succeeded" && live.run.task === COMPARE_TASK ? readResult(live.run.result, "compare") : null;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("compareTitle")} />
        <TickerDatalist id={listId} assets={assets.filter((a) => !picked.includes(a.ticker))} />
        <form
          noValidate
          aria-label={t("compareTitle")}
          className="space-y-4"
          data-testid="compare-form"
          onSubmit={(e) => void submit(e)}
        >
          <ul aria-label={t("pickedTickers")} className="flex min-h-10 flex-wrap gap-2" data-testid="compare-picked">
            {picked.length === 0 && (
              <li className="text-sm text-slate-500">{t("pickHint", { min: MIN_COMPARE, max: MAX_COMPARE })}</li>
            )}
            {picked.map((tk) => (
              <li
                key={tk}
                className="inline-flex items-center gap-1 rounded-md bg-indigo-50 px-2 py-1 text-sm font-medium text-indigo-800"
              >
                {tk}
                <button
                  type="button"
                  className="rounded px-1 text-indigo-600 hover:bg-indigo-100"
                  aria-label={t("removeTicker", { ticker: tk })}
                  onClick={() => setPicked(picked.filter((x) => x !== tk))}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-48 flex-1 space-y-1">
              <label htmlFor={`${listId}-ticker`} className="block text-sm font-medium text-slate-800">
                {t("addTicker")}
              </label>
              <Input
                id={`${listId}-ticker`}
                list={listId}
                autoComplete="off"
                placeholder="PETR4, VALE3"
                data-testid="compare-ticker"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${listId}-error` : undefined}
                {...form.register("text")}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && text.trim()) {
                    e.preventDefault();
                    add();
                  }
                }}
              />
            </div>
            <Button variant="secondary" onClick={add} disabled={!text.trim()}>
              {t("add")}
            </Button>
            <RangeSelect control={form.control} id={`${listId}-range`} ranges={HISTORY_RANGES} className="w-36" />
          </div>
          {error && (
            <p
              id={`${listId}-error`}
              role="alert"
              className="text-sm font-medium text-red-700"
              data-testid="compare-error"
            >
              {error}
            </p>
          )}
          {startError && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
              {startError}
            </p>
          )}
          <Button
            type="submit"
            disabled={start.isPending || running}
            aria-busy={start.isPending || undefined}
            data-testid="run-compare"
          >
            {t("runCompare")}
          </Button>
        </form>
      </Card>
      {runId && <RunPanel runId={runId} live={live} />}
      {runId && live.state?.status === "succeeded" && (
        <Card>
          {result ? (
            <ComparisonView result={result} />
          ) : (
            <ResultPending live={live} className="text-sm text-slate-500" />
          )}
        </Card>
      )}
    </div>
  );
}
