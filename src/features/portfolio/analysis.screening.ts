/**
 * Screening over every known asset (indices such as ^BVSP left out): the declared opportunity
 * rules, each explained with its threshold, and the rankings by Sharpe, return, volatility and
 * drawdown. Pure over the loaded data (see `screenOpportunities`, `rankAssets`); the loaders read
 * the market repository.
 */
import { simpleReturns } from "@/domain/portfolio/returns";
import { computeMetrics } from "@/domain/portfolio/metrics";
import { median } from "@/domain/shared/stats";
import { listAssets, loadPriceSeries, type AssetRow } from "@/features/market";
import type {
  IsoDate,
  OpportunitiesResult,
  Opportunity,
  OpportunityRuleDto,
  OpportunityRuleId,
  RankingRow,
  RankingsResult,
} from "./analysis.types";
import { highOf, momentumOf, PERIODS_PER_YEAR, rangeStart, todayUtc } from "./analysis-series";
import { PORTFOLIO_LIMITS as L } from "./portfolio.schemas";

export interface ScreenAsset {
  asset: Pick<AssetRow, "ticker" | "name" | "sector" | "priceEarnings" | "dividendYield">;
  dates: IsoDate[];
  prices: number[];
}

const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)} %`;

/** The declared rules: id, title, what it looks for (en; pt-BR through the keys), threshold. */
export const OPPORTUNITY_RULES: readonly OpportunityRuleDto[] = [
  {
    id: "drawdownFromHigh",
    title: "Fall from the 52-week high",
    titleKey: "analysisRules.drawdownFromHigh.title",
    explanationKey: "analysisRules.drawdownFromHigh.explanation",
    explanation:
      "The last adjusted close is at least 20 % below the highest close of the last 52 weeks (252 trading days): a possible discount, or a falling knife — check why it fell.",
    threshold: 0.2,
  },
  {
    id: "momentumLowVol",
    title: "Steady momentum",
    titleKey: "analysisRules.momentumLowVol.title",
    explanationKey: "analysisRules.momentumLowVol.explanation",
    explanation:
      "Up over both the last 6 and 12 months, with an annual volatility (last 252 days) at or below the median of the assets screened.",
    threshold: 0,
  },
  {
    id: "valuationVsSector",
    title: "Cheap against its sector",
    titleKey: "analysisRules.valuationVsSector.title",
    explanationKey: "analysisRules.valuationVsSector.explanation",
    explanation:
      "A positive P/E below the median P/E of its sector (sectors with at least 3 assets with a positive P/E).",
    threshold: 1,
  },
  {
    id: "dividendYield",
    title: "High dividend yield",
    titleKey: "analysisRules.dividendYield.title",
    explanationKey: "analysisRules.dividendYield.explanation",
    explanation: "A trailing dividend yield of at least 6 % a year.",
    threshold: 0.06,
  },
  {
    id: "lowVolatility",
    title: "Low volatility",
    titleKey: "analysisRules.lowVolatility.title",
    explanationKey: "analysisRules.lowVolatility.explanation",
    explanation:
      "Annual volatility (last 252 days) in the lowest fifth of the assets screened (at least 5 assets screened).",
    threshold: 0.2,
  },
];
const rule = (id: OpportunityRuleId) => OPPORTUNITY_RULES.find((r) => r.id === id)!;

const tail = <T>(xs: readonly T[], n: number): T[] => xs.slice(Math.max(0, xs.length - n));

function annualVol(prices: readonly number[]): number {
  const r = simpleReturns(tail(prices, PERIODS_PER_YEAR + 1), "prices");
  return computeMetrics(r, { periodsPerYear: PERIODS_PER_YEAR }).annualVolatility;
}

/** Apply every rule to the assets; assets with fewer than 20 prices are skipped (said so). */
export function screenOpportunities(list: readonly ScreenAsset[], now = new Date()): OpportunitiesResult {
  const skipped: { ticker: string; reason: string }[] = [];
  const ok = list.filter((a) => {
    if (a.prices.length >= L.minPrices) return true;
    skipped.push({
      ticker: a.asset.ticker,
      reason: `only ${a.prices.length} prices; at least ${L.minPrices} are needed`,
    });
    return false;
  });
  const vols = new Map(ok.map((a) => [a.asset.ticker, annualVol(a.prices)]));
  const volList = [...vols.values()].filter(Number.isFinite);
  const medianVol = volList.length ? median(volList) : NaN;
  const sortedVols = [...volList].sort((a, b) => a - b);
  const quintile = sortedVols.length >= 5 ? sortedVols[Math.ceil(sortedVols.length * 0.2) - 1]! : NaN;

  const peBySector = new Map<string, number[]>();
  for (const a of ok) {
    const pe = a.asset.priceEarnings;
    if (a.asset.sector && pe !== null && pe > 0)
      peBySector.set(a.asset.sector, [...(peBySector.get(a.asset.sector) ?? []), pe]);
  }

  const out: Opportunity[] = [];
  const push = (
    a: ScreenAsset,
    id: OpportunityRuleId,
    score: number,
    explanation: string,
    values: Opportunity["values"],
  ) =>
    out.push({
      ticker: a.asset.ticker,
      name: a.asset.name,
      rule: id,
      score,
      explanation,
      explanationKey: `analysisRules.${id}.found`,
      values,
    });

  for (const a of ok) {
    const t = a.asset.ticker;
    const last = a.prices[a.prices.length - 1]!;
    const hi = highOf(a.dates, a.prices);
    if (-hi.drawdown >= rule("drawdownFromHigh").threshold - 1e-12)
      push(
        a,
        "drawdownFromHigh",
        -hi.drawdown,
        `${t} is ${pct(-hi.drawdown)} below its 52-week high of ${hi.price.toFixed(2)} (${hi.date}); last close ${last.toFixed(2)}.`,
        { drawdown: hi.drawdown, high: hi.price, highDate: hi.date, last },
      );

    const vol = vols.get(t)!;
    const mom = momentumOf(a.prices);
    if (
      mom.m6 !== null &&
      mom.m12 !== null &&
      mom.m6 > 0 &&
      mom.m12 > 0 &&
      Number.isFinite(medianVol) &&
      vol <= medianVol &&
      vol > 0
    )
      push(
        a,
        "momentumLowVol",
        (mom.m6 + mom.m12) / 2 / vol,
        `${t} rose ${pct(mom.m6)} in 6 months and ${pct(mom.m12)} in 12 months with an annual volatility of ${pct(vol)} (median ${pct(medianVol)}).`,
        { m6: mom.m6, m12: mom.m12, volatility: vol, medianVolatility: medianVol },
      );

    const pe = a.asset.priceEarnings;
    const peers = a.asset.sector ? peBySector.get(a.asset.sector) : undefined;
    if (pe !== null && pe > 0 && peers && peers.length >= 3) {
      const med = median(peers);
      if (pe / med < rule("valuationVsSector").threshold)
        push(
          a,
          "valuationVsSector",
          1 - pe / med,
          `${t} trades at a P/E of ${pe.toFixed(1)}, below the ${a.asset.sector} sector median of ${med.toFixed(1)} (${peers.length} assets).`,
          { priceEarnings: pe, sectorMedian: med, sector: a.asset.sector, peers: peers.length },
        );
    }

    const dy = a.asset.dividendYield;
    if (dy !== null && dy >= rule("dividendYield").threshold - 1e-12)
      push(a, "dividendYield", dy, `${t} has a trailing dividend yield of ${pct(dy)}.`, { dividendYield: dy });

    if (Number.isFinite(quintile) && vol <= quintile)
      push(
        a,
        "lowVolatility",
        1 - sortedVols.indexOf(vol) / sortedVols.length,
        `${t} has an annual volatility of ${pct(vol)}, in the lowest fifth of ${sortedVols.length} assets screened (at most ${pct(quintile)}).`,
        { volatility: vol, quintile, screened: sortedVols.length },
      );
  }
  out.sort((a, b) => a.rule.localeCompare(b.rule) || b.score - a.score || a.ticker.localeCompare(b.ticker));
  return {
    kind: "opportunities",
    computedAt: now.toISOString(),
    rules: [...OPPORTUNITY_RULES],
    screened: ok.length,
    skipped,
    opportunities: out,
  };
}

/** Rank assets over their last `window` returns; assets with a shorter history are skipped (said so). */
export function rankAssets(list: readonly ScreenAsset[], window: number, now = new Date()): RankingsResult {
  const skipped: { ticker: string; reason: string }[] = [];
  const rows: Omit<RankingRow, "ranks">[] = [];
  for (const a of list) {
    if (a.prices.length < window + 1) {
      skipped.push({
        ticker: a.asset.ticker,
        reason: `only ${a.prices.length} prices; the ${window}-day window needs ${window + 1}`,
      });
      continue;
    }
    const m = computeMetrics(simpleReturns(tail(a.prices, window + 1), "prices"), { periodsPerYear: PERIODS_PER_YEAR });
    rows.push({
      ticker: a.asset.ticker,
      name: a.asset.name,
      sector: a.asset.sector,
      annualReturn: m.annualReturn,
      annualVolatility: m.annualVolatility,
      sharpe: m.sharpe !== null && Number.isFinite(m.sharpe) ? m.sharpe : null,
      maxDrawdown: m.maxDrawdown,
    });
  }
  const order = (cmp: (a: (typeof rows)[number], b: (typeof rows)[number]) => number) =>
    [...rows].sort((a, b) => cmp(a, b) || a.ticker.localeCompare(b.ticker)).map((r) => r.ticker);
  const by = {
    sharpe: order((a, b) => (b.sharpe ?? -Infinity) - (a.sharpe ?? -Infinity)),
    return: order((a, b) => b.annualReturn - a.annualReturn),
    volatility: order((a, b) => a.annualVolatility - b.annualVolatility),
    drawdown: order((a, b) => b.maxDrawdown - a.maxDrawdown),
  };
  const rank = (list: string[]) => new Map(list.map((t, i) => [t, i + 1]));
  const rk = {
    sharpe: rank(by.sharpe),
    return: rank(by.return),
    volatility: rank(by.volatility),
    drawdown: rank(by.drawdown),
  };
  return {
    kind: "rankings",
    computedAt: now.toISOString(),
    window,
    rows: rows
      .map((r) => ({
        ...r,
        ranks: {
          sharpe: rk.sharpe.get(r.ticker)!,
          return: rk.return.get(r.ticker)!,
          volatility: rk.volatility.get(r.ticker)!,
          drawdown: rk.drawdown.get(r.ticker)!,
        },
      }))
      .sort((a, b) => a.ranks.sharpe - b.ranks.sharpe),
    by,
    skipped,
  };
}

/** Every known asset except indices, with its prices over the last `range`, in chunks. */
export async function loadUniverse(
  o: { maxAssets: number; range: "1y" | "2y" | "5y" | "10y" | "max"; signal?: AbortSignal },
  progress: (fraction: number, message: string) => void = () => {},
): Promise<ScreenAsset[]> {
  const assets = (await listAssets({ limit: o.maxAssets })).filter((a) => !a.ticker.startsWith("^"));
  const start = rangeStart(o.range, todayUtc());
  const out: ScreenAsset[] = [];
  const CHUNK = 50;
  for (let i = 0; i < assets.length; i += CHUNK) {
    o.signal?.throwIfAborted();
    const chunk = assets.slice(i, i + CHUNK);
    const series = await loadPriceSeries(
      chunk.map((a) => a.id),
      start ? { start } : {},
    );
    for (const a of chunk) {
      const bars = (series.get(a.id) ?? []).filter((b) => Number.isFinite(b.adjClose) && b.adjClose > 0);
      out.push({ asset: a, dates: bars.map((b) => b.date), prices: bars.map((b) => b.adjClose) });
    }
    progress(
      Math.min(1, (i + chunk.length) / Math.max(1, assets.length)),
      `${i + chunk.length} of ${assets.length} assets loaded`,
    );
  }
  return out;
}
