/**
 * Market data as people ask for it: search, the assets list with the day's change, the asset view
 * (bars for a range with the drawdown from the running high), watching, news and the demo set.
 */
import type { Viewer } from "@/accounts/viewer";
import { drawdownSeries, simpleReturns } from "@/domain/portfolio/returns";
import { DEMO_ASSETS, marketProvider, MarketProviderError, normalizeTicker } from "./providers";
import * as repo from "./market.repository";
import type { AssetRow, AssetSource } from "./market.repository";
import { AssetNotFoundError } from "./market.errors";
import { type TAssetQuery, type TSearchInput } from "./market.schemas";
import { viewRangeStart } from "./market-util";

const isDemoTicker = (t: string) => DEMO_ASSETS.some((d) => d.ticker === t);

export function toAssetDto(a: AssetRow) {
  return {
    ticker: a.ticker,
    name: a.name,
    currency: a.currency,
    sector: a.sector,
    source: a.source as AssetSource,
    lastPrice: a.lastPrice,
    pricesUpdatedAt: a.pricesUpdatedAt?.toISOString() ?? null,
    priceEarnings: a.priceEarnings,
    earningsPerShare: a.earningsPerShare,
    dividendYield: a.dividendYield,
    marketCap: a.marketCap,
    fundamentalsAt: a.fundamentalsAt?.toISOString() ?? null,
  };
}
/** Known assets, the demo set and (with `lookup`) the provider, for a query. */
export async function search(input: TSearchInput, o: { signal?: AbortSignal } = {}) {
  const q = input.q;
  const known = (await repo.searchAssets(q, 20)).map(toAssetDto);
  const knownSet = new Set(known.map((a) => a.ticker));
  const ql = q.toLowerCase();
  const demo = DEMO_ASSETS.filter(
    (d) =>
      !knownSet.has(d.ticker) &&
      (d.ticker.toLowerCase().startsWith(ql.replace(/\.sa$/, "")) || d.name.toLowerCase().includes(ql)),
  ).map((d) => ({ ticker: d.ticker, name: d.name, sector: d.sector }));
  let candidate: string | null = null;
  try {
    candidate = normalizeTicker(q);
  } catch {
    candidate = null;
  }
  if (candidate && (knownSet.has(candidate) || (await repo.findAsset(candidate)))) candidate = null;
  let provider: {
    ticker: string;
    name: string | null;
    currency: string;
    lastPrice: number | null;
    source: string;
  } | null = null;
  let providerError: string | null = null;
  if (candidate && input.lookup && !isDemoTicker(candidate)) {
    try {
      const p = marketProvider();
      const h = await p.history(candidate, { range: "1mo" }, { signal: o.signal });
      provider = { ticker: candidate, name: h.name, currency: h.currency, lastPrice: h.lastPrice, source: p.name };
    } catch (e) {
      if (!(e instanceof MarketProviderError)) throw e;
      providerError = e.message;
    }
  }
  return { q, known, demo, candidate, provider, providerError };
}

/** The viewer's watched assets (with the day's change) and every known asset. */
export async function listFor(viewer: Viewer) {
  const watched = await repo.listWatched(viewer.id);
  const closes = await repo.lastTwoCloses(watched.map((a) => a.id));
  const all = await repo.listAssets({ limit: 1000 });
  return {
    watched: watched.map((a) => {
      const [c0, c1] = closes.get(a.id) ?? [];
      const change = c0 && c1 ? c0.close - c1.close : null;
      return {
        ...toAssetDto(a),
        lastDate: c0?.date ?? null,
        change,
        changePct: change !== null && c1!.close !== 0 ? change / c1!.close : null,
        addedAt: a.addedAt.toISOString(),
      };
    }),
    all: all.map(toAssetDto),
  };
}

async function knownAsset(ticker: string): Promise<AssetRow> {
  const a = await repo.findAsset(ticker);
  if (!a) throw new AssetNotFoundError(ticker);
  return a;
}

/** One asset: its bars over the range (ending at its last bar), the drawdown series and whether the viewer follows it. */
export async function getAsset(viewer: Viewer, q: TAssetQuery) {
  const a = await knownAsset(q.ticker);
  const span = await repo.barSpan(a.id);
  const start = span.last ? viewRangeStart(span.last, q.range) : undefined;
  const bars = await repo.loadBars(a.id, start ? { start } : {});
  const drawdown =
    bars.length >= 2
      ? drawdownSeries(
          simpleReturns(
            bars.map((b) => b.adjClose),
            "adjClose",
          ),
        )
      : bars.map(() => 0);
  const maxDrawdown = drawdown.reduce((m, v) => Math.min(m, v), 0);
  const first = bars[0];
  const lastBar = bars[bars.length - 1];
  return {
    asset: toAssetDto(a),
    watched: await repo.isWatched(viewer.id, a.id),
    range: q.range,
    span,
    bars,
    drawdown,
    summary: {
      bars: bars.length,
      periodReturn: first && lastBar ? lastBar.adjClose / first.adjClose - 1 : null,
      maxDrawdown,
      currentDrawdown: drawdown[drawdown.length - 1] ?? null,
    },
  };
}

export async function watchAsset(viewer: Viewer, ticker: string) {
  await repo.watch(viewer.id, (await knownAsset(ticker)).id);
  return { ticker, watched: true as const };
}

export async function unwatchAsset(viewer: Viewer, ticker: string) {
  await repo.unwatch(viewer.id, (await knownAsset(ticker)).id);
  return { ticker, watched: false as const };
}

export async function news(q: { tickers?: readonly string[]; limit: number }) {
  return (await repo.latestNews(q)).map((n) => ({
    id: n.id,
    feed: n.feed,
    title: n.title,
    link: n.link,
    summary: n.summary,
    publishedAt: n.publishedAt.toISOString(),
    tickers: n.tickers,
  }));
}

/** The demo set as the add form offers it. */
export const demoSet = () => DEMO_ASSETS.map((d) => ({ ticker: d.ticker, name: d.name, sector: d.sector }));
