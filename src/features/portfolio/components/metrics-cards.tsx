"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Table, Td, Th } from "@/components/ui/table";
import type { MetricsDto } from "../analysis.types";
import { usePortfolioFormat } from "./use-portfolio-format";

function Metric({
  label,
  value,
  detail,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  detail?: ReactNode;
  testId: string;
}) {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50/60 p-3" data-testid={testId}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900" data-testid={`${testId}-value`}>
        {value}
      </dd>
      {detail && <dd className="mt-0.5 text-xs tabular-nums text-slate-500">{detail}</dd>}
    </div>
  );
}

/** The metrics of one series as cards; a region named "Metrics" for tests and assistive tech. */
export function MetricsCards({ metrics: m, benchmark }: { metrics: MetricsDto; benchmark?: string | null }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const hasBeta = m.beta !== undefined && m.beta !== null;
  return (
    <section aria-label={t("metrics")} data-testid="portfolio-metrics" className="space-y-2">
      <p className="text-sm text-slate-600">
        {t("metricsPeriod", { start: fmt.day(m.start), end: fmt.day(m.end), periods: m.periods })}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        <Metric
          label={t("annualReturn")}
          value={fmt.signedPct(m.annualReturn)}
          detail={t("cumulativeDetail", { value: fmt.signedPct(m.cumulativeReturn) })}
          testId="metric-annual-return"
        />
        <Metric label={t("volatility")} value={fmt.pct(m.annualVolatility)} testId="metric-volatility" />
        <Metric label={t("sharpe")} value={fmt.ratio(m.sharpe)} testId="metric-sharpe" />
        <Metric
          label={t("sortino")}
          value={fmt.ratio(m.sortino)}
          detail={t("downsideDetail", { value: fmt.pct(m.downsideRisk) })}
          testId="metric-sortino"
        />
        <Metric
          label={t("maxDrawdown")}
          value={fmt.pct(m.maxDrawdown)}
          detail={
            <>
              {t("drawdownDates", { peak: fmt.day(m.maxDrawdownPeak), trough: fmt.day(m.maxDrawdownTrough) })}
              <br />
              {m.maxDrawdownRecovery ? t("recoveredOn", { date: fmt.day(m.maxDrawdownRecovery) }) : t("notRecovered")}
            </>
          }
          testId="metric-max-drawdown"
        />
        <Metric label={t("calmar")} value={fmt.ratio(m.calmar)} testId="metric-calmar" />
        <Metric
          label={t("var")}
          value={fmt.pct(m.var)}
          detail={t("parametricDetail", { value: fmt.pct(m.parametricVar) })}
          testId="metric-var"
        />
        <Metric label={t("cvar")} value={fmt.pct(m.cvar)} testId="metric-cvar" />
        {hasBeta && (
          <>
            <Metric
              label={t("beta")}
              value={fmt.ratio(m.beta)}
              detail={benchmark ? t("vsBenchmark", { ticker: benchmark }) : undefined}
              testId="metric-beta"
            />
            <Metric label={t("alpha")} value={fmt.signedPct(m.alpha)} detail={t("alphaDetail")} testId="metric-alpha" />
          </>
        )}
      </dl>
      <p className="text-xs text-slate-500">{t("metricsNote")}</p>
    </section>
  );
}

const ROWS = [
  ["annualReturn", (f: ReturnType<typeof usePortfolioFormat>, m: MetricsDto) => f.signedPct(m.annualReturn)],
  ["cumulativeReturn", (f, m) => f.signedPct(m.cumulativeReturn)],
  ["volatility", (f, m) => f.pct(m.annualVolatility)],
  ["sharpe", (f, m) => f.ratio(m.sharpe)],
  ["sortino", (f, m) => f.ratio(m.sortino)],
  ["maxDrawdown", (f, m) => f.pct(m.maxDrawdown)],
  ["calmar", (f, m) => f.ratio(m.calmar)],
  ["var", (f, m) => f.pct(m.var)],
  ["cvar", (f, m) => f.pct(m.cvar)],
] as const satisfies readonly (readonly [
  string,
  (f: ReturnType<typeof usePortfolioFormat>, m: MetricsDto) => string,
])[];

/** Metrics side by side, one column per asset (compare page, a portfolio's assets); `label` names the region. */
export function MetricsTable({
  tickers,
  metrics,
  label,
  testId,
}: {
  tickers: readonly string[];
  metrics: Record<string, MetricsDto>;
  label: string;
  testId: string;
}) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  return (
    <section aria-label={label} data-testid={testId}>
      <Table className="tabular-nums">
        <thead>
          <tr>
            <Th scope="col">{t("metric")}</Th>
            {tickers.map((tk) => (
              <Th key={tk} scope="col" className="text-right normal-case">
                {tk}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([key, value]) => (
            <tr key={key}>
              <Th scope="row" className="normal-case tracking-normal text-slate-700">
                {t(key)}
              </Th>
              {tickers.map((tk) => {
                const m = metrics[tk];
                return (
                  <Td key={tk} className="text-right">
                    {m ? value(fmt, m) : "—"}
                  </Td>
                );
              })}
            </tr>
          ))}
          <tr>
            <Th scope="row" className="normal-case tracking-normal text-slate-700">
              {t("drawdownPeriod")}
            </Th>
            {tickers.map((tk) => {
              const m = metrics[tk];
              return (
                <Td key={tk} className="text-right text-xs text-slate-600">
                  {m ? `${fmt.shortDay(m.maxDrawdownPeak)} → ${fmt.shortDay(m.maxDrawdownTrough)}` : "—"}
                </Td>
              );
            })}
          </tr>
        </tbody>
      </Table>
    </section>
  );
}
