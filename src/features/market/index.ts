/**
 * The market slice's public server-side module: the stored assets and prices other slices analyse
 * and report on, and collecting what is missing.
 */
export { findAssetsByTickers, listAssets, listWatched, loadPriceSeries, type AssetRow } from "./market.repository";
export { ensureAssets } from "./market-collect.service";
export { MarketProviderError } from "./providers/errors";
