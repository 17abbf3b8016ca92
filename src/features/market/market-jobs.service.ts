/** The market's scheduled jobs: prices (5 min), fundamentals (daily), news (hourly), cleanup (weekly). */
import { fetchNews, marketProvider, MarketProviderError, type HistoryRange, type ProviderName } from "./providers";
import * as repo from "./market.repository";
import type { AssetRow } from "./market.repository";
import { DEFAULT_COLLECT_RANGE } from "./market.schemas";
import { addDays, today as todayIn } from "@/domain/shared/dates";
import { marketNewsFeeds, matchTickers } from "./market-util";
import { barRows, type JobOptions } from "./market-collect.service";

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
  const today = todayIn(new Date()); // São Paulo: B3's trading day
  const failed: Failure[] = [];
  let bars = 0;
  let inserted = 0;
  for (const [i, a] of assets.entries()) {
    o.signal?.throwIfAborted();
    try {
      const span = await repo.barSpan(a.id);
      const range: HistoryRange = span.last
        ? { start: addDays(span.last, -7), end: today }
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

/** News and analysis snapshots older than `before` (now − olderThanDays); prices are kept (the metrics need the history). */
export async function cleanup(olderThanDays: number, before: Date) {
  const news = await repo.deleteNewsOlderThan(before);
  const snapshots = await repo.deleteSnapshotsOlderThan(before);
  return {
    olderThanDays,
    before: before.toISOString(),
    deleted: { news, snapshots },
    kept: "prices: every bar is kept, since returns and risk metrics need the full history",
  };
}
