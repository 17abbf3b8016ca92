/** The market data providers' shared types (the contract other slices build on). */

export type ProviderName = "brapi" | "yahoo" | "demo";

/** One daily bar. `date` is the exchange-local day (America/Sao_Paulo for B3). */
export interface PriceBar {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  /** Close adjusted for dividends and splits: the one to compute returns from. */
  adjClose: number;
  volume: number | null;
}

export interface Fundamentals {
  priceEarnings: number | null;
  earningsPerShare: number | null;
  /** A fraction (0.08 = 8 %). */
  dividendYield: number | null;
  /** In the asset's currency. */
  marketCap: number | null;
}

export interface PriceHistory {
  /** Normalised: upper case, no ".SA" (e.g. "PETR4", "^BVSP"). */
  ticker: string;
  name: string | null;
  currency: string;
  sector: string | null;
  lastPrice: number | null;
  /** Ascending by date, one bar per date. */
  bars: PriceBar[];
  source: ProviderName | "csv";
}

export const HISTORY_RANGES = ["1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "max"] as const;
export type RangeName = (typeof HISTORY_RANGES)[number];
export type HistoryRange = { range: RangeName } | { start: string; end: string };

export interface ProviderCallOptions {
  signal?: AbortSignal;
}

export interface MarketProvider {
  readonly name: ProviderName;
  history(ticker: string, range: HistoryRange, o?: ProviderCallOptions): Promise<PriceHistory>;
  /** Missing tickers are left out of the answer. */
  fundamentals(tickers: readonly string[], o?: ProviderCallOptions): Promise<Record<string, Fundamentals>>;
}

export interface NewsEntry {
  feed: string;
  guid: string;
  title: string;
  link: string | null;
  summary: string | null;
  publishedAt: Date;
}
