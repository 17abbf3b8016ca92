/** Hand-built analysis results for the reports' unit tests (the shapes of analysis.types.ts). */
import type { AssetAnalysis, Comparison, MetricsDto, PortfolioAnalysis } from "@/features/portfolio/analysis.types";
import type { MarketOverviewData } from "./report-market";

export function days(n: number, start = "2024-01-02"): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export function metrics(over: Partial<MetricsDto> = {}): MetricsDto {
  return {
    cumulativeReturn: 0.2345,
    annualReturn: 0.1234,
    annualVolatility: 0.2876,
    sharpe: 1.2345,
    sortino: 1.8765,
    downsideRisk: 0.1987,
    maxDrawdown: -0.3456,
    maxDrawdownPeak: "2024-03-01",
    maxDrawdownTrough: "2024-06-14",
    maxDrawdownRecovery: null,
    calmar: 0.3571,
    var: -0.0281,
    cvar: -0.0412,
    parametricVar: -0.0297,
    periods: 299,
    start: "2024-01-02",
    end: "2025-02-25",
    ...over,
  };
}

export function assetAnalysis(ticker = "PETR4"): AssetAnalysis {
  const dates = days(300);
  const prices = dates.map((_, i) => 30 + 5 * Math.sin(i / 20) + i * 0.02);
  let peak = 0;
  const drawdown = prices.map((p) => ((peak = Math.max(peak, p)), p / peak - 1));
  return {
    kind: "asset",
    ticker,
    name: "Petrobras PN",
    currency: "BRL",
    source: "demo",
    asOf: dates.at(-1)!,
    computedAt: "2025-02-25T21:00:00.000Z",
    metrics: metrics({ beta: 1.1234, alpha: 0.0456 }),
    momentum: { m3: 0.051, m6: -0.0234, m12: 0.1567 },
    high52w: { price: 38.45, date: "2024-11-20", drawdown: -0.0812 },
    series: {
      dates,
      prices,
      normalised: prices.map((p) => (100 * p) / prices[0]!),
      drawdown,
      rollingVolatility: prices.map((_, i) => (i < 63 ? null : 0.2 + 0.05 * Math.cos(i / 30))),
      rollingSharpe: prices.map((_, i) => (i < 63 ? null : 1 + Math.sin(i / 40))),
      rollingWindow: 63,
    },
    fundamentals: {
      sector: "Energia",
      lastPrice: 37.21,
      priceEarnings: 4.56,
      earningsPerShare: 8.16,
      dividendYield: 0.1432,
      marketCap: 485_000_000_000,
      fundamentalsAt: "2025-02-25T19:00:00.000Z",
    },
  };
}

export function comparison(): Comparison {
  const dates = days(120);
  const tickers = ["PETR4", "VALE3", "ITUB4"];
  return {
    kind: "compare",
    tickers,
    computedAt: "2025-02-25T21:00:00.000Z",
    range: "1y",
    start: dates[0]!,
    end: dates.at(-1)!,
    metrics: {
      PETR4: metrics(),
      VALE3: metrics({ annualReturn: -0.0512, annualVolatility: 0.3011, sharpe: -0.17 }),
      ITUB4: metrics({ annualReturn: 0.0899, annualVolatility: 0.2011, sharpe: 0.4471 }),
    },
    series: {
      dates,
      normalised: Object.fromEntries(
        tickers.map((t, k) => [t, dates.map((_, i) => 100 + (k + 1) * Math.sin(i / 10) * 5)]),
      ),
      drawdown: Object.fromEntries(
        tickers.map((t, k) => [t, dates.map((_, i) => -Math.abs(Math.sin(i / (8 + k))) * 0.2)]),
      ),
    },
    correlation: {
      tickers,
      matrix: [
        [1, 0.6123, 0.4],
        [0.6123, 1, 0.2],
        [0.4, 0.2, 1],
      ],
    },
  };
}

export function portfolioAnalysis(): PortfolioAnalysis {
  const a = assetAnalysis();
  const tickers = ["PETR4", "VALE3"];
  return {
    kind: "portfolio",
    portfolio: {
      id: "11111111-1111-4111-8111-111111111111",
      name: "Dividendos",
      description: "Carteira de teste",
      benchmark: "^BVSP",
      riskFree: 0.1065,
      holdings: [
        { ticker: "PETR4", name: "Petrobras PN", weight: 0.6 },
        { ticker: "VALE3", name: "Vale ON", weight: 0.4 },
      ],
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
    },
    computedAt: "2025-02-25T21:00:00.000Z",
    start: "2024-01-02",
    end: "2025-02-25",
    method: "daily-rebalanced",
    metrics: metrics({ annualReturn: 0.0987, beta: 0.8765, alpha: 0.0123 }),
    benchmark: {
      ticker: "^BVSP",
      metrics: metrics({ annualReturn: 0.0612 }),
      normalised: a.series.normalised.map((v) => v * 0.9),
    },
    series: a.series,
    assets: [
      { ticker: "PETR4", name: "Petrobras PN", weight: 0.6, metrics: metrics() },
      { ticker: "VALE3", name: "Vale ON", weight: 0.4, metrics: metrics({ annualReturn: -0.0512 }) },
    ],
    correlation: {
      tickers,
      matrix: [
        [1, 0.55],
        [0.55, 1],
      ],
    },
    optimisation: {
      bounds: [0, 1],
      riskFree: 0.1065,
      expectedReturns: { PETR4: 0.12, VALE3: -0.05 },
      frontier: Array.from({ length: 10 }, (_, i) => ({
        expectedReturn: -0.05 + i * 0.019,
        volatility: 0.2 + (i - 4) ** 2 * 0.004,
        sharpe: null,
      })),
      current: { expectedReturn: 0.052, volatility: 0.25, sharpe: 0.1 },
      minVolatility: { weights: { PETR4: 0.45, VALE3: 0.55 }, expectedReturn: 0.03, volatility: 0.2, sharpe: -0.38 },
      maxSharpe: null,
      maxSharpeUnavailable: "no asset's expected return is above the risk-free rate (10.65 %)",
      frontierUnavailable: null,
    },
  };
}

export function marketData(): MarketOverviewData {
  const rows = [
    ["PETR4", 0.0321, 0.081],
    ["VALE3", -0.0412, -0.12],
    ["ITUB4", 0.0045, 0.02],
    ["BBDC4", null, null],
  ] as const;
  return {
    scope: "all",
    asOf: "2025-02-25",
    assets: rows.map(([ticker, d, m]) => ({
      ticker,
      name: `${ticker} SA`,
      sector: "Financeiro",
      currency: "BRL",
      source: "demo",
      lastPrice: 12.34,
      change1d: d,
      change1m: m,
    })),
    rankings: null,
    opportunities: null,
  };
}
