/**
 * Collecting an asset's history from a provider (or the offline demo set): the provider chosen, the
 * bars written, the demo data replaced by real data; and making sure the assets a task needs exist.
 */
import {
  DEMO_ASSETS,
  marketProvider,
  MarketProviderError,
  normalizeTicker,
  type HistoryRange,
  type PriceBar,
  type ProviderName,
} from "./providers";
import * as repo from "./market.repository";
import type { AssetRow } from "./market.repository";
import { AssetNotCollectableError, NoBarsError } from "./market.errors";
import { DEFAULT_COLLECT_RANGE, type TCollectAssetInput } from "./market.schemas";

export type Progress = (fraction: number, stage?: string, message?: string) => void;
export interface JobOptions {
  signal?: AbortSignal;
  progress?: Progress;
}

/** The provider a collection uses: the one asked for, else the asset's own, else MARKET_PROVIDER. */
function providerFor(ticker: string, existing: AssetRow | null, asked?: ProviderName): ProviderName | null {
  if (asked) return asked;
  if (!existing) return null; // the configured default
  if (existing.source === "csv") throw new AssetNotCollectableError(ticker);
  return existing.source as ProviderName;
}

export const barRows = (bars: readonly PriceBar[]): repo.BarRow[] =>
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
