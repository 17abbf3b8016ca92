/**
 * The providers' HTTP GET: the shared outbound client (src/server/http-client.ts) with the market's
 * settings (MARKET_HTTP_TIMEOUT_MS, polite per-provider rates), its failures as MarketProviderErrors.
 * Other 4xx go back to the caller when listed in `pass`, so it can read brapi's or Yahoo's own reason.
 */
import { env } from "@/env";
import { httpGet, HttpGetError, type HttpResult } from "@/server/http-client";
import { MarketProviderError, type MarketSource } from "./errors";

export interface MarketHttpSettings {
  /** Retries after a network error, timeout, 429 or 5xx. */
  retries: number;
  /** Backoff base (ms): retry n waits a random time up to base·2^(n−1). */
  retryBaseMs: number;
  /** Longest Retry-After honoured (ms). */
  retryAfterMaxMs: number;
  /** Requests per second per source (token bucket; burst = the rate). */
  ratePerSecond: Record<MarketSource, number>;
  /** Yahoo answers generic clients (no User-Agent, library defaults) with errors. */
  userAgent: string;
}

const DEFAULTS: MarketHttpSettings = {
  retries: 3,
  retryBaseMs: 500,
  retryAfterMaxMs: 30_000,
  // Polite rates: brapi's plans count requests per month, Yahoo's limits are unpublished.
  ratePerSecond: { brapi: 2, yahoo: 2, demo: 0, news: 4 },
  userAgent: "Mozilla/5.0 (compatible; Fluxo/0.1; +https://github.com/fluxo)",
};
let overrides: Partial<MarketHttpSettings> = {};

/** Change the retry/rate settings (tests; a CLI). `resetMarketHttp()` restores the defaults. */
export function configureMarketHttp(o: Partial<MarketHttpSettings>): void {
  overrides = { ...overrides, ...o };
}
export function resetMarketHttp(): void {
  overrides = {};
}
export function marketHttpSettings(): MarketHttpSettings & { timeoutMs: number } {
  return { ...DEFAULTS, ...overrides, timeoutMs: env().MARKET_HTTP_TIMEOUT_MS };
}

export interface MarketGet {
  source: MarketSource;
  url: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. 400, 401, 402, 404). */
  pass?: number[];
  accept?: string;
  /** Refuse answers larger than this (bytes). */
  maxBytes?: number;
}

export async function marketGet(req: MarketGet): Promise<HttpResult> {
  const cfg = marketHttpSettings();
  try {
    return await httpGet(
      { ...req, rateKey: `market:${req.source}` },
      { ...cfg, perSecond: cfg.ratePerSecond[req.source], settings: { timeout: "MARKET_HTTP_TIMEOUT_MS" } },
    );
  } catch (e) {
    if (!(e instanceof HttpGetError)) throw e;
    throw new MarketProviderError(req.source, e.message, {
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.retriable ? { retriable: true } : {}),
    });
  }
}

/** JSON.parse with a provider-named error. */
export function parseJsonText(source: MarketSource, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MarketProviderError(source, `${what} is not JSON: ${text.slice(0, 120)}`);
  }
}
