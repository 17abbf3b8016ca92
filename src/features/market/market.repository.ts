/**
 * Assets, their daily bars, watched assets and news: the only SQL about them. Bars are written in
 * bulk (one `insert … select from unnest(…) on conflict do update` per 5,000 rows), so ten years of
 * a ticker (≈2,500 rows) is one statement and collecting again is idempotent.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { Fundamentals, NewsEntry, PriceBar, ProviderName } from "./providers/types";

export interface AssetRow extends Fundamentals {
  id: string;
  ticker: string;
  name: string | null;
  currency: string;
  sector: string | null;
  source: string;
  lastPrice: number | null;
  pricesUpdatedAt: Date | null;
  fundamentalsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored news item: the feed's entry with the tickers it names. */
export interface NewsRow extends NewsEntry {
  id: string;
  tickers: string[];
  fetchedAt: Date;
}

/** One stored daily bar: the providers' bar as it is. */
export type BarRow = PriceBar;

export type AssetSource = ProviderName | "csv";

export async function findAssetsByTickers(tickers: readonly string[]): Promise<AssetRow[]> {
  if (!tickers.length) return [];
  return db().asset.findMany({ where: { ticker: { in: [...tickers] } }, orderBy: { ticker: "asc" } });
}

export async function findAsset(ticker: string): Promise<AssetRow | null> {
  return db().asset.findUnique({ where: { ticker } });
}

export async function listAssets(o: { limit?: number } = {}): Promise<AssetRow[]> {
  return db().asset.findMany({ orderBy: { ticker: "asc" }, take: o.limit ?? 1000 });
}

/** Assets whose prices come from a provider (not a CSV import), oldest update first. */
export async function listCollectableAssets(limit = 5000): Promise<AssetRow[]> {
  return db().asset.findMany({
    where: { source: { not: "csv" } },
    orderBy: [{ pricesUpdatedAt: { sort: "asc", nulls: "first" } }, { ticker: "asc" }],
    take: limit,
  });
}

/** Known assets whose ticker starts with, or whose name contains, `q`. */
export async function searchAssets(q: string, limit = 20): Promise<AssetRow[]> {
  return db().asset.findMany({
    where: {
      OR: [
        { ticker: { startsWith: q.toUpperCase() } },
        { name: { contains: q, mode: "insensitive" } },
        { sector: { contains: q, mode: "insensitive" } },
      ],
    },
    orderBy: { ticker: "asc" },
    take: limit,
  });
}

export interface AssetUpsert {
  ticker: string;
  source: AssetSource;
  name?: string | null;
  currency?: string;
  sector?: string | null;
  lastPrice?: number | null;
  pricesUpdatedAt?: Date | null;
}

/** Create the asset or update what is given (a name or sector the provider left out is kept). */
export async function upsertAsset(a: AssetUpsert): Promise<AssetRow> {
  const patch = {
    source: a.source,
    ...(a.name ? { name: a.name } : {}),
    ...(a.currency ? { currency: a.currency } : {}),
    ...(a.sector ? { sector: a.sector } : {}),
    ...(a.lastPrice !== undefined && a.lastPrice !== null ? { lastPrice: a.lastPrice } : {}),
    ...(a.pricesUpdatedAt !== undefined ? { pricesUpdatedAt: a.pricesUpdatedAt } : {}),
  };
  return db().asset.upsert({
    where: { ticker: a.ticker },
    create: { id: randomUUID(), ticker: a.ticker, ...patch },
    update: patch,
  });
}

export async function updateAssetPrice(id: string, lastPrice: number | null, at: Date): Promise<void> {
  await db().asset.update({
    where: { id },
    data: { pricesUpdatedAt: at, ...(lastPrice !== null ? { lastPrice } : {}) },
  });
}

export interface FundamentalsPatch {
  priceEarnings: number | null;
  earningsPerShare: number | null;
  dividendYield: number | null;
  marketCap: number | null;
}

export async function updateFundamentals(id: string, f: FundamentalsPatch, at: Date): Promise<void> {
  await db().asset.update({ where: { id }, data: { ...f, fundamentalsAt: at } });
}

const CHUNK = 5000;

/** Insert or update bars (by asset and date); answers how many were new and how many replaced. */
export async function upsertBars(
  assetId: string,
  bars: readonly BarRow[],
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < bars.length; i += CHUNK) {
    const part = bars.slice(i, i + CHUNK);
    const rows = await db().$queryRaw<{ inserted: boolean }[]>`
      insert into asset_prices (asset_id, date, open, high, low, close, adj_close, volume)
      select ${assetId}::uuid, t.d, t.o, t.h, t.l, t.c, t.a, t.v::bigint
      from unnest(
        ${part.map((b) => b.date)}::text[]::date[],
        ${part.map((b) => b.open)}::float8[],
        ${part.map((b) => b.high)}::float8[],
        ${part.map((b) => b.low)}::float8[],
        ${part.map((b) => b.close)}::float8[],
        ${part.map((b) => b.adjClose)}::float8[],
        ${part.map((b) => (b.volume === null ? null : Math.round(b.volume)))}::float8[]
      ) as t(d, o, h, l, c, a, v)
      on conflict (asset_id, date) do update set
        open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
        adj_close = excluded.adj_close, volume = excluded.volume
      returning (xmax = 0) as inserted`;
    for (const r of rows) if (r.inserted) inserted++;
    updated += rows.length - rows.filter((r) => r.inserted).length;
  }
  return { inserted, updated };
}

/** Drop every bar of an asset (its prices now come from another source: never mix two sources' bars). */
export async function deleteBars(assetId: string): Promise<number> {
  return (await db().assetPrice.deleteMany({ where: { assetId } })).count;
}

/** Every bar of an asset within [start, end] (YYYY-MM-DD, inclusive), ascending. */
export async function loadBars(assetId: string, o: { start?: string; end?: string } = {}): Promise<BarRow[]> {
  const rows = await db().$queryRaw<(Omit<BarRow, "volume"> & { volume: bigint | null })[]>`
    select to_char(date, 'YYYY-MM-DD') as date, open, high, low, close, adj_close as "adjClose", volume
    from asset_prices
    where asset_id = ${assetId}::uuid
      and date >= coalesce(${o.start ?? null}::date, '-infinity'::date)
      and date <= coalesce(${o.end ?? null}::date, 'infinity'::date)
    order by date`;
  return rows.map((r) => ({ ...r, volume: r.volume === null ? null : Number(r.volume) }));
}

/** Adjusted closes per asset within [start, end], ascending by date (what returns are computed from). */
export async function loadPriceSeries(
  assetIds: readonly string[],
  o: { start?: string; end?: string } = {},
): Promise<Map<string, { date: string; adjClose: number }[]>> {
  const out = new Map<string, { date: string; adjClose: number }[]>(assetIds.map((id) => [id, []]));
  if (!assetIds.length) return out;
  const rows = await db().$queryRaw<{ assetId: string; date: string; adjClose: number }[]>`
    select asset_id::text as "assetId", to_char(date, 'YYYY-MM-DD') as date, adj_close as "adjClose"
    from asset_prices
    where asset_id = any(${[...assetIds]}::text[]::uuid[])
      and date >= coalesce(${o.start ?? null}::date, '-infinity'::date)
      and date <= coalesce(${o.end ?? null}::date, 'infinity'::date)
    order by asset_id, date`;
  for (const r of rows) out.get(r.assetId)?.push({ date: r.date, adjClose: r.adjClose });
  return out;
}

/** The first and last bar date and the count of an asset's bars (null dates: none). */
export async function barSpan(assetId: string): Promise<{ first: string | null; last: string | null; count: number }> {
  const [r] = await db().$queryRaw<{ first: string | null; last: string | null; count: bigint }[]>`
    select to_char(min(date), 'YYYY-MM-DD') as first, to_char(max(date), 'YYYY-MM-DD') as last, count(*) as count
    from asset_prices where asset_id = ${assetId}::uuid`;
  return { first: r?.first ?? null, last: r?.last ?? null, count: Number(r?.count ?? 0) };
}

/** The last two closes of each asset (newest first): today's change. */
export async function lastTwoCloses(
  assetIds: readonly string[],
): Promise<Map<string, { date: string; close: number }[]>> {
  const out = new Map<string, { date: string; close: number }[]>();
  if (!assetIds.length) return out;
  const rows = await db().$queryRaw<{ assetId: string; date: string; close: number }[]>`
    select "assetId", date, close from (
      select asset_id::text as "assetId", to_char(date, 'YYYY-MM-DD') as date, coalesce(close, adj_close) as close,
             row_number() over (partition by asset_id order by date desc) as rn
      from asset_prices where asset_id = any(${[...assetIds]}::text[]::uuid[])
    ) t where rn <= 2 order by "assetId", date desc`;
  for (const r of rows) {
    const list = out.get(r.assetId) ?? [];
    list.push({ date: r.date, close: r.close });
    out.set(r.assetId, list);
  }
  return out;
}

export async function watch(userId: string, assetId: string): Promise<void> {
  await db().watchedAsset.upsert({
    where: { userId_assetId: { userId, assetId } },
    create: { userId, assetId },
    update: {},
  });
}

export async function unwatch(userId: string, assetId: string): Promise<boolean> {
  return (await db().watchedAsset.deleteMany({ where: { userId, assetId } })).count > 0;
}

/** The assets an account follows, in the order it added them. */
export async function listWatched(userId: string): Promise<(AssetRow & { addedAt: Date })[]> {
  const rows = await db().watchedAsset.findMany({
    where: { userId },
    include: { asset: true },
    orderBy: [{ addedAt: "asc" }, { assetId: "asc" }],
  });
  return rows.map((r) => ({ ...r.asset, addedAt: r.addedAt }));
}

export async function isWatched(userId: string, assetId: string): Promise<boolean> {
  return (await db().watchedAsset.count({ where: { userId, assetId } })) > 0;
}

export type NewsInsert = Omit<NewsRow, "id" | "fetchedAt">;

/** Store news items; ones already stored (same feed and guid) are skipped. Answers how many were new. */
export async function insertNews(items: readonly NewsInsert[]): Promise<number> {
  if (!items.length) return 0;
  const r = await db().newsItem.createMany({
    data: items.map((n) => ({ id: randomUUID(), ...n })),
    skipDuplicates: true,
  });
  return r.count;
}

/** Newest first; with `tickers`, only items naming one of them. */
export async function latestNews(o: { tickers?: readonly string[]; limit: number }): Promise<NewsRow[]> {
  return db().newsItem.findMany({
    where: o.tickers?.length ? { tickers: { hasSome: [...o.tickers] } } : {},
    orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
    take: o.limit,
  });
}

export async function deleteNewsOlderThan(before: Date): Promise<number> {
  return (await db().newsItem.deleteMany({ where: { publishedAt: { lt: before } } })).count;
}

/** Analysis snapshots taken before `before` (the analysis slice owns them; cleanup only). */
export async function deleteSnapshotsOlderThan(before: Date): Promise<number> {
  return db().$executeRaw`delete from analysis_snapshots where created_at < ${before}`;
}
