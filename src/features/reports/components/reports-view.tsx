"use client";

import { useState, type FormEvent } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { RunPanel } from "@/features/runs/components/run-panel";
import { useRunStream } from "@/features/runs/hooks/use-run-stream";
import { useTRPC } from "@/trpc/react";
import type { Narrative } from "../ai/narrative";
import { NarrativeView } from "./narrative-view";
import { ReportFiles } from "./report-files";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS = ["asset", "compare", "portfolio", "marketOverview"] as const;
type Kind = (typeof KINDS)[number];
const FORMATS = ["pdf", "md", "html"] as const;

interface ServerError {
  message?: string;
  data?: { fields?: { path: string; message: string }[] | null } | null;
}

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

  const [kind, setKind] = useState<Kind>("asset");
  const [ticker, setTicker] = useState("");
  const [tickers, setTickers] = useState("");
  const [portfolioId, setPortfolioId] = useState("");
  const [scope, setScope] = useState<"watched" | "all">("watched");
  const [formats, setFormats] = useState<string[]>(["pdf"]);
  const [locale, setLocale] = useState<"en" | "pt-BR">(uiLocale === "pt-BR" ? "pt-BR" : "en");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  const portfolios = useQuery({ ...trpc.portfolio.list.queryOptions(), enabled: kind === "portfolio" });
  const generate = useMutation(trpc.reports.generate.mutationOptions());
  const ai = useMutation(trpc.reports.aiAnalysis.mutationOptions());

  const started = (r: { runId: string }) => router.replace(`${pathname}?run=${r.runId}`, { scroll: false });
  const failed = (e: unknown) => {
    const s = e as ServerError;
    const f = s.data?.fields?.[0];
    setError({ field: f?.path.split(".")[0], message: f?.message ?? s.message ?? String(e) });
  };
  const errorOf = (field: string) => (error?.field === field ? error.message : undefined);
  const tickerList = () =>
    tickers
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const target =
      kind === "asset"
        ? { ticker }
        : kind === "compare"
          ? { tickers: tickerList() }
          : kind === "portfolio"
            ? { portfolioId }
            : { scope };
    generate.mutate(
      { kind, ...target, formats: formats as ("pdf" | "md" | "html")[], locale },
      { onSuccess: started, onError: failed },
    );
  }
  function askAi() {
    setError(null);
    const target = kind === "portfolio" ? { portfolioId } : { ticker };
    ai.mutate({ ...target, locale }, { onSuccess: started, onError: failed });
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
          <form onSubmit={submit} className="space-y-4" noValidate data-testid="report-form">
            <Field label={t("kind")}>
              <Select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="report-kind">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </Select>
            </Field>
            {kind === "asset" && (
              <Field label={t("ticker")} hint={t("tickerHint")} error={errorOf("ticker")}>
                <Input
                  value={ticker}
                  onChange={(e) => setTicker(e.target.value)}
                  data-testid="report-ticker"
                  autoComplete="off"
                />
              </Field>
            )}
            {kind === "compare" && (
              <Field label={t("tickers")} hint={t("tickersHint")} error={errorOf("tickers")}>
                <Input
                  value={tickers}
                  onChange={(e) => setTickers(e.target.value)}
                  data-testid="report-tickers"
                  autoComplete="off"
                />
              </Field>
            )}
            {kind === "portfolio" && (
              <Field label={t("portfolio")} error={errorOf("portfolioId")}>
                <Select
                  value={portfolioId}
                  onChange={(e) => setPortfolioId(e.target.value)}
                  data-testid="report-portfolio"
                >
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
              <Field label={t("scope")}>
                <Select
                  value={scope}
                  onChange={(e) => setScope(e.target.value as "watched" | "all")}
                  data-testid="report-scope"
                >
                  <option value="watched">{t("scopeWatched")}</option>
                  <option value="all">{t("scopeAll")}</option>
                </Select>
              </Field>
            )}
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium text-slate-800">{t("formats")}</legend>
              <div className="flex gap-4">
                {FORMATS.map((f) => (
                  <label key={f} className="flex items-center gap-1 text-sm">
                    <input
                      type="checkbox"
                      checked={formats.includes(f)}
                      onChange={(e) =>
                        setFormats((cur) => (e.target.checked ? [...cur, f] : cur.filter((x) => x !== f)))
                      }
                      data-testid={`report-format-${f}`}
                    />
                    {t(`formatNames.${f}`)}
                  </label>
                ))}
              </div>
              {errorOf("formats") && (
                <p role="alert" className="text-xs font-medium text-red-700">
                  {errorOf("formats")}
                </p>
              )}
            </fieldset>
            <Field label={t("language")}>
              <Select
                value={locale}
                onChange={(e) => setLocale(e.target.value as "en" | "pt-BR")}
                data-testid="report-locale"
              >
                <option value="en">English</option>
                <option value="pt-BR">Português (Brasil)</option>
              </Select>
            </Field>
            {error && !["ticker", "tickers", "portfolioId", "formats"].includes(error.field ?? "") && (
              <p role="alert" className="text-sm text-red-700">
                {error.message}
              </p>
            )}
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
