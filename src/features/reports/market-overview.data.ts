/**
 * The market overview's data: the owner's watched assets (or every known one when they watch none,
 * or for a system run), their change over the last day and month from the stored prices, and the
 * latest rankings and opportunities snapshots (analysis.rankings / analysis.opportunities).
 */
import { DAY_MS, isoDateIn, UTC } from "@/domain/shared/dates";
import { listAssets, listWatched, loadPriceSeries, type AssetRow } from "@/features/market";
import { getSnapshot, type OpportunitiesResult, type RankingsResult } from "@/features/portfolio";
import type { MarketAssetRow, MarketOverviewData } from "./report-market";

const MAX_ASSETS = 500;
/** Trading days in a month, for the month change. */
const MONTH = 21;

export function changes(series: readonly { date: string; adjClose: number }[]): {
  change1d: number | null;
  change1m: number | null;
} {
  const n = series.length;
  if (n < 2) return { change1d: null, change1m: null };
  const last = series[n - 1]!.adjClose;
  const prev = series[n - 2]!.adjClose;
  const monthAgo = n > MONTH ? series[n - 1 - MONTH]!.adjClose : null;
  return {
    change1d: prev > 0 ? last / prev - 1 : null,
    change1m: monthAgo && monthAgo > 0 ? last / monthAgo - 1 : null,
  };
}

export async function marketOverviewData(o: {
  ownerId: string | null;
  scope: "watched" | "all";
  today?: Date;
}): Promise<MarketOverviewData> {
  let assets: AssetRow[] = [];
  let scope = o.scope;
  if (scope === "watched" && o.ownerId) assets = await listWatched(o.ownerId);
  if (!assets.length) {
    scope = "all";
    assets = await listAssets({ limit: MAX_ASSETS });
  }
  const start = isoDateIn((o.today ?? new Date()).getTime() - 60 * DAY_MS, UTC);
  const prices = await loadPriceSeries(
    assets.map((a) => a.id),
    { start },
  );
  let asOf: string | null = null;
  const rows: MarketAssetRow[] = assets.map((a) => {
    const s = prices.get(a.id) ?? [];
    const last = s[s.length - 1];
    if (last && (!asOf || last.date > asOf)) asOf = last.date;
    return {
      ticker: a.ticker,
      name: a.name,
      sector: a.sector,
      currency: a.currency,
      source: a.source,
      lastPrice: a.lastPrice ?? last?.adjClose ?? null,
      ...changes(s),
    };
  });
  const [rankings, opportunities] = await Promise.all([
    getSnapshot("rankings", "all"),
    getSnapshot("opportunities", "all"),
  ]);
  const tickers = new Set(rows.map((r) => r.ticker));
  const rk = (rankings?.data as RankingsResult | undefined) ?? null;
  const op = (opportunities?.data as OpportunitiesResult | undefined) ?? null;
  return {
    scope,
    asOf,
    assets: rows.sort((a, b) => a.ticker.localeCompare(b.ticker)),
    // Rankings and opportunities cover every asset; a watched overview keeps the watched ones.
    rankings: rk && scope === "watched" ? { ...rk, rows: rk.rows.filter((r) => tickers.has(r.ticker)) } : rk,
    opportunities:
      op && scope === "watched" ? { ...op, opportunities: op.opportunities.filter((x) => tickers.has(x.ticker)) } : op,
  };
}
