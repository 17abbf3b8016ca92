/**
 * The result components render in both languages with every message they use present (next-intl
 * reports a missing key or a bad ICU argument through onError), numbers formatted per locale.
 */
import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import type { MetricsDto, OpportunitiesResult, Optimisation, RankingsResult } from "../analysis.types";
import { MetricsCards, MetricsTable } from "./metrics-cards";
import { OpportunitiesTable } from "./opportunities-view";
import { RankingsTable } from "./rankings-table";
import { SuggestedWeights } from "./suggested-weights";

const metrics: MetricsDto = {
  cumulativeReturn: 0.3,
  annualReturn: 0.14,
  annualVolatility: 0.22,
  sharpe: 0.6,
  sortino: 0.9,
  downsideRisk: 0.15,
  maxDrawdown: -0.31,
  maxDrawdownPeak: "2024-01-10",
  maxDrawdownTrough: "2024-06-03",
  maxDrawdownRecovery: null,
  calmar: 0.45,
  var: -0.021,
  cvar: -0.03,
  parametricVar: -0.02,
  beta: 1.1,
  alpha: 0.02,
  periods: 500,
  start: "2023-01-02",
  end: "2024-12-30",
};
const optimisation: Optimisation = {
  bounds: [0, 1],
  riskFree: 0.1075,
  expectedReturns: { PETR4: 0.05, VALE3: 0.04 },
  frontier: [],
  current: { expectedReturn: 0.045, volatility: 0.2, sharpe: null },
  minVolatility: { weights: { PETR4: 0.4, VALE3: 0.6 }, expectedReturn: 0.044, volatility: 0.18, sharpe: null },
  maxSharpe: null,
  maxSharpeUnavailable: "no asset's expected return is above the risk-free rate",
  frontierUnavailable: null,
};
const rankings: RankingsResult = {
  kind: "rankings",
  computedAt: "2026-01-01T00:00:00Z",
  window: 252,
  rows: [
    {
      ticker: "PETR4",
      name: "Petrobras",
      sector: "Energy",
      annualReturn: 0.1,
      annualVolatility: 0.2,
      sharpe: null,
      maxDrawdown: -0.1,
      ranks: { sharpe: 1, return: 1, volatility: 1, drawdown: 1 },
    },
  ],
  by: { sharpe: ["PETR4"], return: ["PETR4"], volatility: ["PETR4"], drawdown: ["PETR4"] },
  skipped: [{ ticker: "NEW3", reason: "only 10 prices" }],
};

const opportunities: OpportunitiesResult = {
  kind: "opportunities",
  computedAt: "2026-01-01T00:00:00Z",
  rules: (["drawdownFromHigh", "momentumLowVol", "valuationVsSector", "dividendYield", "lowVolatility"] as const).map(
    (id) => ({ id, title: id, titleKey: "", explanationKey: "", explanation: `${id} (English)`, threshold: 0 }),
  ),
  screened: 6,
  skipped: [],
  opportunities: [
    {
      ticker: "PETR4",
      name: "Petrobras",
      rule: "drawdownFromHigh",
      score: 0.25,
      explanation: "PETR4 is 25.0 % below its 52-week high",
      explanationKey: "analysisRules.drawdownFromHigh.found",
      values: { drawdown: -0.25, high: 40, highDate: "2025-06-02", last: 30 },
    },
    {
      ticker: "VALE3",
      name: null,
      rule: "momentumLowVol",
      score: 1,
      explanation: "VALE3 rose",
      explanationKey: "analysisRules.momentumLowVol.found",
      values: { m6: 0.1, m12: 0.2, volatility: 0.18, medianVolatility: 0.25 },
    },
    {
      ticker: "ITUB4",
      name: null,
      rule: "valuationVsSector",
      score: 0.3,
      explanation: "ITUB4 trades",
      explanationKey: "analysisRules.valuationVsSector.found",
      values: { priceEarnings: 7, sectorMedian: 10, sector: "Financials", peers: 4 },
    },
    {
      ticker: "TAEE11",
      name: null,
      rule: "dividendYield",
      score: 0.09,
      explanation: "TAEE11 yields",
      explanationKey: "analysisRules.dividendYield.found",
      values: { dividendYield: 0.09 },
    },
    {
      ticker: "WEGE3",
      name: null,
      rule: "lowVolatility",
      score: 1,
      explanation: "WEGE3 is calm",
      explanationKey: "analysisRules.lowVolatility.found",
      values: { volatility: 0.15, quintile: 0.16, screened: 6 },
    },
  ],
};

function render(locale: "en" | "pt-BR") {
  return renderInLocale(
    locale,
    <>
      <MetricsCards metrics={metrics} benchmark="^BVSP" />
      <MetricsTable tickers={["PETR4"]} metrics={{ PETR4: metrics }} label="Assets" testId="asset-metrics" />
      <SuggestedWeights
        holdings={[
          { ticker: "PETR4", weight: 0.5 },
          { ticker: "VALE3", weight: 0.5 },
        ]}
        optimisation={optimisation}
      />
      <RankingsTable r={rankings} />
      <OpportunitiesTable r={opportunities} />
    </>,
  );
}

describe("analysis components", () => {
  it("render in English with every message present", () => {
    const { html, text, errors } = render("en");
    expect(errors).toEqual([]);
    expect(html).toContain('aria-label="Metrics"');
    expect(text).toContain("Annual return +14.00%");
    expect(text).toContain("Jan 10, 2024 → Jun 3, 2024");
    expect(text).toContain("No max-Sharpe portfolio: no asset's expected return is above the risk-free rate");
    expect(text).toContain("1 asset over the last 252 trading days");
    expect(html.match(/data-testid="suggested-row"/g)).toHaveLength(2);
    expect(text).toContain("PETR4 is 25.0% below its 52-week high of R$40.00 (Jun 2, 2025); last close R$30.00.");
    expect(text).toContain("6 assets screened, 5 signals, 0 skipped.");
    expect(text).toContain("Fall from the 52-week high");
  });

  it("render in Brazilian Portuguese with every message present", () => {
    const { html, text, errors } = render("pt-BR");
    expect(errors).toEqual([]);
    expect(html).toContain('aria-label="Métricas"');
    expect(text).toContain("Retorno anual +14,00%");
    expect(text).toContain("risco de queda 15,00%");
    expect(text).toContain("livre de risco 10,75% ao ano");
    expect(text).toContain("1 ativo nos últimos 252 pregões");
    expect(text.replace(/\u00a0/g, " ")).toContain(
      "ITUB4 negocia a um P/L de 7,0, abaixo da mediana de 10,0 do setor Financials (4 ativos).",
    );
    expect(text).toContain("TAEE11 tem dividend yield de 9,0% nos últimos 12 meses.");
  });
});
