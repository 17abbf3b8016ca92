/**
 * Market data providers behind one interface (brapi, Yahoo chart, offline demo), the CSV import,
 * news feeds, the ticker spelling and the errors they throw.
 */
import { env } from "@/env";
import { createBrapiProvider } from "./brapi";
import { createDemoProvider } from "./demo";
import { createYahooProvider } from "./yahoo";
import type { MarketProvider, ProviderName } from "./types";
/** The provider `name`, or the configured one (MARKET_PROVIDER, default yahoo). */
export function marketProvider(name?: ProviderName): MarketProvider {
  const n = name ?? env().MARKET_PROVIDER;
  switch (n) {
    case "brapi":
      return createBrapiProvider();
    case "yahoo":
      return createYahooProvider();
    case "demo":
      return createDemoProvider();
  }
}

export { createBrapiProvider, brapiFundamentals, FUNDAMENTAL_MODULES, type BrapiOptions } from "./brapi";
export { createYahooProvider, type YahooOptions } from "./yahoo";
export { createDemoProvider, DEMO_ASSETS, type DemoOptions } from "./demo";
export { parsePriceCsv, CSV_MAX_BYTES, CSV_MAX_ROWS } from "./csv";
export { fetchNews, parseFeed, NEWS_LIMITS } from "./news";
export { normalizeTicker, yahooSymbol, isIndexTicker } from "./tickers";
export { checkRange, localDate, B3_TIME_ZONE } from "./dates";
export { HISTORY_TTL_MS, FUNDAMENTALS_TTL_MS, historyCacheNamespace, fundamentalsCacheNamespace } from "./common";
export { configureMarketHttp, resetMarketHttp, marketHttpSettings, type MarketHttpSettings } from "./http";
export { resetRateLimits } from "@/server/token-bucket";
export { MarketProviderError, UnknownTickerError, MarketInputError, CsvImportError, type MarketSource } from "./errors";
export {
  HISTORY_RANGES,
  type ProviderName,
  type PriceBar,
  type Fundamentals,
  type PriceHistory,
  type HistoryRange,
  type RangeName,
  type MarketProvider,
  type NewsEntry,
  type ProviderCallOptions,
} from "./types";
