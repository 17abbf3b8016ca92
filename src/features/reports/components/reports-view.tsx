"use client";

import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { RunPanel, useRunStream } from "@/features/runs/ui";
import { checkWith, flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import type { Narrative } from "../ai/narrative";
import { ZGenerateInput, ZReportsAiAnalysisInput } from "../reports.schemas";
import { NarrativeView } from "./narrative-view";
import { ReportFiles } from "./report-files";
import { FormAlert } from "@/components/form/form-alert";
import { CheckboxGroup } from "@/components/ui/checkbox-group";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS = ["asset", "compare", "portfolio", "marketOverview"] as const;
type Kind = (typeof KINDS)[number];
const FORMATS = ["pdf", "md", "html"] as const;

interface ReportValues {
  kind: Kind;
  ticker: string;
  /** Tickers as typed: spaces, commas or semicolons between them. */
  tickers: string;
  portfolioId: string;
  scope: "watched" | "all";
  formats: string[];
  locale: "en" | "pt-BR";
}
const FIELDS = ["kind", "ticker", "tickers", "portfolioId", "scope", "formats", "locale"] as const;

const tickerList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** "Generate": the kind, its target, the formats and the language, checked with the server's ZGenerateInput. */
const generateSpec = flatSpec({
  schema: ZGenerateInput,
  toCandidate: (v: ReportValues) => {
    const target =
      v.kind === "asset"
        ? { ticker: v.ticker }
        : v.kind === "compare"
          ? { tickers: tickerList(v.tickers) }
          : v.kind === "portfolio"
            ? { portfolioId: v.portfolioId }
            : { scope: v.scope };
    return { kind: v.kind, ...target, formats: v.formats, locale: v.locale };
  },
  fields: FIELDS,
});
/** "Ask the AI": an asset or a portfolio and the language, checked with the server's ZReportsAiAnalysisInput. */
const aiSpec = flatSpec({
  schema: ZReportsAiAnalysisInput,
  toCandidate: (v: ReportValues) => ({
    ...(v.kind === "portfolio" ? { portfolioId: v.portfolioId } : { ticker: v.ticker }),
    locale: v.locale,
  }),
  fields: FIELDS,
});

/**
 * The reports page: choose the kind, its target, the formats and the language; generate with live
 * progress (?run=), then the run's files to download; or ask for the AI narrative alone (answers
 * side by side). Below, every stored report file.
 */
export function ReportsView() {
  const t = useTranslations("Reports");
  const uiLocale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const run = params.get("run");
  const runId = run && UUID.test(run) ? run.toLowerCase() : null;
  const live = useRunStream(runId);

  const defaults = useMemo(
    (): ReportValues => ({
      kind: "asset",
      ticker: "",
      tickers: "",
      portfolioId: "",
      scope: "watched",
      formats: ["pdf"],
      locale: uiLocale === "pt-BR" ? "pt-BR" : "en",
    }),
    [uiLocale],
  );
  const form = useSchemaForm(generateSpec, defaults);
  const kind = useWatch({ control: form.control, name: "kind" });
  const errors = form.formState.errors;
  const formError = rootError(errors);

  const portfolios = useQuery({ ...trpc.portfolio.list.queryOptions(), enabled: kind === "portfolio" });
  const generate = useMutation(trpc.reports.generate.mutationOptions());
  const ai = useMutation(trpc.reports.aiAnalysis.mutationOptions());

  const started = (r: { runId: string }) => router.replace(`${pathname}?run=${r.runId}`, { scroll: false });
  const failed = (e: unknown) => void setServerErrors(form, generateSpec, e);
  const submit = form.handleSubmit((input) => generate.mutate(input, { onSuccess: started, onError: failed }));
  function askAi() {
    const input = checkWith(form, aiSpec);
    if (input) ai.mutate(input, { onSuccess: started, onError: failed });
  }

  const result = live.run?.status === "succeeded" ? live.run : null;
  const narrative =
    result?.task === "reports.aiAnalysis"
      ? ((result.result as { narrative?: Narrative } | null)?.narrative ?? null)
      : null;
  const busy = generate.isPending || ai.isPending;
  return (
    <div className="space-y-6">
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <Card>
          <CardHeader title={t("generate")} />
          <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate data-testid="report-form">
            <Field label={t("kind")} error={errors.kind?.message}>
              <Select data-testid="report-kind" {...form.register("kind")}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </Select>
            </Field>
            {kind === "asset" && (
              <Field label={t("ticker")} hint={t("tickerHint")} error={errors.ticker?.message}>
                <Input data-testid="report-ticker" autoComplete="off" {...form.register("ticker")} />
              </Field>
            )}
            {kind === "compare" && (
              <Field label={t("tickers")} hint={t("tickersHint")} error={errors.tickers?.message}>
                <Input data-testid="report-tickers" autoComplete="off" {...form.register("tickers")} />
              </Field>
            )}
            {kind === "portfolio" && (
              <Field label={t("portfolio")} error={errors.portfolioId?.message}>
                <Select data-testid="report-portfolio" {...form.register("portfolioId")}>
                  <option value="">{t("choosePortfolio")}</option>
                  {(portfolios.data ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {kind === "marketOverview" && (
              <Field label={t("scope")} error={errors.scope?.message}>
                <Select data-testid="report-scope" {...form.register("scope")}>
                  <option value="watched">{t("scopeWatched")}</option>
                  <option value="all">{t("scopeAll")}</option>
                </Select>
              </Field>
            )}
            <CheckboxGroup
              legend={t("formats")}
              options={FORMATS}
              label={(f) => t(`formatNames.${f}`)}
              input={(f) => ({ "data-testid": `report-format-${f}`, ...form.register("formats") })}
              error={errors.formats?.message}
              errorId="report-formats-error"
            />
            <Field label={t("language")} error={errors.locale?.message}>
              <Select data-testid="report-locale" {...form.register("locale")}>
                <option value="en">English</option>
                <option value="pt-BR">Português (Brasil)</option>
              </Select>
            </Field>
            <FormAlert message={formError} />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={busy} data-testid="report-generate">
                {t("generateButton")}
              </Button>
              {(kind === "asset" || kind === "portfolio") && (
                <Button variant="secondary" onClick={askAi} disabled={busy} data-testid="report-ai">
                  {t("aiButton")}
                </Button>
              )}
            </div>
            <p className="text-xs text-slate-500">{t("aiHint")}</p>
          </form>
        </Card>
        <div className="min-w-0 space-y-4">
          {runId && <RunPanel runId={runId} live={live} />}
          {runId && result && result.task !== "reports.aiAnalysis" && <ReportFiles runId={runId} />}
          {narrative && (
            <Card>
              <CardHeader title={t("narrative")} />
              <NarrativeView narrative={narrative} />
            </Card>
          )}
        </div>
      </div>
      <ReportFiles />
    </div>
  );
}
