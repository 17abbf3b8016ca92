/**
 * Market data as people and tasks ask for it: collecting an asset's history from a provider (or the
 * offline demo set, or a CSV file), keeping prices and fundamentals fresh, news, cleanup, search and
 * the asset view (bars for a range with the drawdown from the running high).
 */
import type { Viewer } from "@/accounts/viewer";
import { drawdownSeries, simpleReturns } from "@/domain/portfolio/returns";
import {
  DEMO_ASSETS,
  fetchNews,
  marketProvider,
  MarketProviderError,
  normalizeTicker,
  parsePriceCsv,
  type HistoryRange,
  type PriceBar,
  type ProviderName,
} from "./providers";
import { deleteReportFilesOlderThan } from "@/features/reports/reports.repository";
import * as repo from "./market.repository";
import type { AssetRow, AssetSource } from "./market.repository";
import { AssetNotCollectableError, AssetNotFoundError, NoBarsError } from "./market.errors";
import {
  DEFAULT_COLLECT_RANGE,
  type TAssetQuery,
  type TCollectAssetInput,
  type TImportCsvInput,
  type TSearchInput,
} from "./market.schemas";
import { marketNewsFeeds, matchTickers, saoPauloDay, shiftDay, viewRangeStart } from "./market-util";

export type Progress = (fraction: number, stage?: string, message?: string) => void;
export interface JobOptions {
  signal?: AbortSignal;
  progress?: Progress;
}

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
export type AssetDto = ReturnType<typeof toAssetDto>;

/** The provider a collection uses: the one asked for, else the asset's own, else MARKET_PROVIDER. */
function providerFor(ticker: string, existing: AssetRow | null, asked?: ProviderName): ProviderName | null {
  if (asked) return asked;
  if (!existing) return null; // the configured default
  if (existing.source === "csv") throw new AssetNotCollectableError(ticker);
  return existing.source as ProviderName;
}

const barRows = (bars: readonly PriceBar[]): repo.BarRow[] =>
  bars.map((b) => ({
    date: b.date,
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
    adjClose: b.adjClose,
    volume: b.volume,
  }));

/**
 * One ticker's history from a provider, stored (bars replaced by date, so collecting again changes
 * nothing new), with its fundamentals when the provider has them; `watchFor` follows it for an account.
 */
export async function collectAsset(
  input: Pick<TCollectAssetInput, "ticker" | "provider"> & { range?: TCollectAssetInput["range"] | HistoryRange },
  o: JobOptions & { watchFor?: string | null } = {},
) {
  const progress = o.progress ?? (() => {});
  const ticker = input.ticker;
  const existing = await repo.findAsset(ticker);
  const provider = marketProvider(providerFor(ticker, existing, input.provider) ?? undefined);
  const range: HistoryRange =
    typeof input.range === "object" ? input.range : { range: input.range ?? DEFAULT_COLLECT_RANGE };
  progress(0.05, "fetch", `${ticker} from ${provider.name}`);
  const h = await provider.history(ticker, range, { signal: o.signal });
  if (!h.bars.length) throw new NoBarsError(ticker, provider.name);
  progress(0.5, "store", `${h.bars.length} bars of ${ticker}`);
  const last = h.bars[h.bars.length - 1]!;
  const demo = DEMO_ASSETS.find((d) => d.ticker === ticker);
  const asset = await repo.upsertAsset({
    ticker,
    source: provider.name,
    name: h.name ?? demo?.name ?? null,
    currency: h.currency || "BRL",
    sector: h.sector ?? demo?.sector ?? null,
    lastPrice: h.lastPrice ?? last.close ?? last.adjClose,
    pricesUpdatedAt: new Date(),
  });
  const replaced = existing && existing.source !== provider.name ? await repo.deleteBars(asset.id) : 0;
  const written = await repo.upsertBars(asset.id, barRows(h.bars));
  progress(0.8, "fundamentals", ticker);
  const warnings: string[] = [];
  let fundamentals = false;
  try {
    const f = (await provider.fundamentals([ticker], { signal: o.signal }))[ticker];
    if (f) {
      await repo.updateFundamentals(asset.id, f, new Date());
      fundamentals = true;
    }
  } catch (e) {
    o.signal?.throwIfAborted();
    if (!(e instanceof MarketProviderError)) throw e;
    warnings.push(`fundamentals: ${e.message}`);
  }
  if (o.watchFor) await repo.watch(o.watchFor, asset.id);
  progress(1, "done", ticker);
  return {
    ticker,
    source: provider.name,
    bars: h.bars.length,
    inserted: written.inserted,
    updated: written.updated,
    first: h.bars[0]!.date,
    last: last.date,
    lastPrice: asset.lastPrice,
    fundamentals,
    watched: !!o.watchFor,
    /** Bars of another source dropped first (the asset changed source). */
    replaced,
    warnings,
  };
}
export type CollectResult = Awaited<ReturnType<typeof collectAsset>>;

/**
 * The assets of `tickers` in the order given, collecting the unknown ones through the provider
 * first (the analysis slice's entry). Throws UnknownTickerError naming a ticker no provider knows.
 */
export async function ensureAssets(tickers: readonly string[], o: { signal?: AbortSignal } = {}): Promise<AssetRow[]> {
  const wanted = [...new Set(tickers.map((t) => normalizeTicker(t)))];
  const known = new Map((await repo.findAssetsByTickers(wanted)).map((a) => [a.ticker, a]));
  for (const t of wanted) {
    if (known.has(t)) continue;
    o.signal?.throwIfAborted();
    await collectAsset({ ticker: t, range: DEFAULT_COLLECT_RANGE }, { signal: o.signal });
  }
  const all = new Map((await repo.findAssetsByTickers(wanted)).map((a) => [a.ticker, a]));
  return wanted.map((t) => all.get(t)!).filter(Boolean);
}

interface Failure {
  ticker: string;
  message: string;
}

/** Throw when every item failed (the run fails with the providers' reasons); else the failures ride along. */
function failIfAllFailed(what: string, total: number, failed: readonly Failure[]): void {
  if (total > 0 && failed.length === total) {
    const reasons = failed.slice(0, 3).map((f) => `${f.ticker}: ${f.message}`);
    throw new Error(`${what} failed for every asset (${total}): ${reasons.join("; ")}`);
  }
}

/** The latest bars of every asset whose prices come from a provider (the 5-minute schedule). */
export async function updatePrices(o: JobOptions = {}) {
  const progress = o.progress ?? (() => {});
  const assets = await repo.listCollectableAssets();
  const today = saoPauloDay();
  const failed: Failure[] = [];
  let bars = 0;
  let inserted = 0;
  for (const [i, a] of assets.entries()) {
    o.signal?.throwIfAborted();
    try {
      const span = await repo.barSpan(a.id);
      const range: HistoryRange = span.last
        ? { start: shiftDay(span.last, -7), end: today }
        : { range: DEFAULT_COLLECT_RANGE };
      const h = await marketProvider(a.source as ProviderName).history(a.ticker, range, { signal: o.signal });
      const w = await repo.upsertBars(a.id, barRows(h.bars));
      const last = h.bars[h.bars.length - 1];
      await repo.updateAssetPrice(a.id, h.lastPrice ?? last?.close ?? last?.adjClose ?? null, new Date());
      bars += h.bars.length;
      inserted += w.inserted;
    } catch (e) {
      o.signal?.throwIfAborted();
      if (!(e instanceof MarketProviderError)) throw e;
      failed.push({ ticker: a.ticker, message: e.message });
    }
    progress((i + 1) / assets.length, "asset", `${i + 1} of ${assets.length}: ${a.ticker}`);
  }
  failIfAllFailed("price update", assets.length, failed);
  return { assets: assets.length, bars, inserted, failed };
}

const FUNDAMENTALS_CHUNK = 20;

/** P/E, EPS, dividend yield and market cap of every provider-sourced asset (daily). */
export async function updateFundamentals(o: JobOptions = {}) {
  const progress = o.progress ?? (() => {});
  const assets = await repo.listCollectableAssets();
  const bySource = new Map<string, AssetRow[]>();
  for (const a of assets) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  const failed: Failure[] = [];
  let updated = 0;
  let done = 0;
  for (const [source, list] of bySource) {
    const provider = marketProvider(source as ProviderName);
    for (let i = 0; i < list.length; i += FUNDAMENTALS_CHUNK) {
      o.signal?.throwIfAborted();
      const chunk = list.slice(i, i + FUNDAMENTALS_CHUNK);
      try {
        const got = await provider.fundamentals(
          chunk.map((a) => a.ticker),
          { signal: o.signal },
        );
        const at = new Date();
        for (const a of chunk) {
          const f = got[a.ticker];
          if (!f) continue;
          await repo.updateFundamentals(a.id, f, at);
          updated++;
        }
      } catch (e) {
        o.signal?.throwIfAborted();
        if (!(e instanceof MarketProviderError)) throw e;
        for (const a of chunk) failed.push({ ticker: a.ticker, message: e.message });
      }
      done += chunk.length;
      progress(done / assets.length, source, `${done} of ${assets.length}`);
    }
  }
  failIfAllFailed("fundamentals update", assets.length, failed);
  return { assets: assets.length, updated, failed };
}

/** The configured RSS/Atom feeds' items, with the known tickers each names (hourly). */
export async function updateNews(o: JobOptions = {}) {
  const feeds = marketNewsFeeds();
  if (!feeds.length) return { feeds: 0, fetched: 0, inserted: 0, failed: [], note: "MARKET_NEWS_FEEDS is empty" };
  o.progress?.(0.1, "fetch", `${feeds.length} feed(s)`);
  const { items, failed } = await fetchNews(feeds, { signal: o.signal });
  if (failed.length === feeds.length)
    throw new Error(`every news feed failed: ${failed.map((f) => `${f.feed}: ${f.message}`).join("; ")}`);
  const tickers = (await repo.listAssets({ limit: 5000 })).map((a) => a.ticker);
  o.progress?.(0.7, "store", `${items.length} item(s)`);
  const inserted = await repo.insertNews(
    items.map((n) => ({
      feed: n.feed,
      guid: n.guid,
      title: n.title,
      link: n.link,
      summary: n.summary,
      publishedAt: n.publishedAt,
      tickers: matchTickers(`${n.title}\n${n.summary ?? ""}`, tickers),
    })),
  );
  return { feeds: feeds.length, fetched: items.length, inserted, failed };
}

/** News, report files and analysis snapshots older than `olderThanDays`; prices are kept (the metrics need the history). */
export async function cleanup(olderThanDays: number, now = new Date()) {
  const before = new Date(now.getTime() - olderThanDays * 86_400_000);
  const news = await repo.deleteNewsOlderThan(before);
  const reportFiles = await deleteReportFilesOlderThan(before);
  const snapshots = await repo.deleteSnapshotsOlderThan(before);
  return {
    olderThanDays,
    before: before.toISOString(),
    deleted: { news, reportFiles, snapshots },
    kept: "prices: every bar is kept, since returns and risk metrics need the full history",
  };
}

/** A CSV file's bars as an asset of source "csv" (made or updated), followed by the viewer. */
export async function importCsv(viewer: Viewer, input: TImportCsvInput) {
  const bars = parsePriceCsv(input.text); // CsvImportError(line, column, message) on a bad line
  const last = bars[bars.length - 1]!;
  const existing = await repo.findAsset(input.ticker);
  const asset = await repo.upsertAsset({
    ticker: input.ticker,
    source: "csv",
    name: input.name ?? null,
    currency: input.currency,
    lastPrice: last.close ?? last.adjClose,
    pricesUpdatedAt: new Date(),
  });
  const replaced = existing && existing.source !== "csv" ? await repo.deleteBars(asset.id) : 0;
  const w = await repo.upsertBars(asset.id, barRows(bars));
  await repo.watch(viewer.id, asset.id);
  return { ticker: asset.ticker, bars: bars.length, ...w, replaced, first: bars[0]!.date, last: last.date };
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
export const isDemo = isDemoTicker;
