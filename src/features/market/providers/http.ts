/**
 * The providers' HTTP GET on global fetch, built from the ETo sources' generic pieces (token bucket,
 * Retry-After parsing, full-jitter backoff): a per-request timeout (MARKET_HTTP_TIMEOUT_MS) joined
 * with the caller's signal; retries on network errors, timeouts, 429 and 5xx with Retry-After
 * honoured up to a bound (a longer one fails at once); no retry on other 4xx, which go back to the
 * caller when listed in `pass` (so it can read brapi's or Yahoo's own reason) and fail otherwise.
 */
import { env } from "@/env";
import { backoffMs, retryAfterMs } from "@/features/eto/sources/http";
import { sleep, take } from "@/features/eto/sources/rate-limit";
import { logger } from "@/server/logger";
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

export interface MarketHttpResult {
  status: number;
  headers: Headers;
  text: string;
}

/** The URL without its query (tokens never reach a message or a log). */
const labelOf = (url: string) => {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
};

export async function marketGet(req: MarketGet): Promise<MarketHttpResult> {
  const cfg = marketHttpSettings();
  const { source } = req;
  const label = labelOf(req.url);
  let last: MarketProviderError | undefined;
  for (let attempt = 0; attempt <= cfg.retries; attempt++) {
    req.signal?.throwIfAborted();
    await take(`market:${source}`, cfg.ratePerSecond[source], req.signal);
    const timeout = AbortSignal.timeout(cfg.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let wait: number | null = null;
    let res: Response | undefined;
    let text = "";
    try {
      res = await fetch(req.url, {
        headers: { "User-Agent": cfg.userAgent, Accept: req.accept ?? "application/json", ...req.headers },
        signal,
        redirect: "follow",
      });
      const declared = Number(res.headers.get("content-length"));
      if (req.maxBytes && declared > req.maxBytes) {
        await res.body?.cancel();
        throw new MarketProviderError(source, `${label} answered ${declared} bytes, over the ${req.maxBytes} limit`, {
          status: res.status,
        });
      }
      text = await res.text();
      if (req.maxBytes && Buffer.byteLength(text) > req.maxBytes)
        throw new MarketProviderError(source, `${label} answered more than the ${req.maxBytes} bytes limit`, {
          status: res.status,
        });
    } catch (e) {
      if (e instanceof MarketProviderError) throw e;
      if (req.signal?.aborted) throw req.signal.reason;
      const reason = timeout.aborted
        ? `no answer from ${label} within ${cfg.timeoutMs} ms (MARKET_HTTP_TIMEOUT_MS)`
        : `cannot reach ${label}: ${(e as Error).message}`;
      last = new MarketProviderError(source, reason, { retriable: true });
      res = undefined;
    }
    if (res) {
      if (res.ok || req.pass?.includes(res.status)) return { status: res.status, headers: res.headers, text };
      if (res.status === 429) {
        wait = retryAfterMs(res.headers.get("retry-after"));
        if (wait !== null && wait > cfg.retryAfterMaxMs)
          throw new MarketProviderError(
            source,
            `HTTP 429 from ${label}: Retry-After ${Math.round(wait / 1000)} s is over the ${cfg.retryAfterMaxMs} ms bound`,
            { status: 429, retriable: true },
          );
        last = new MarketProviderError(source, `HTTP 429 (too many requests) from ${label}`, {
          status: 429,
          retriable: true,
        });
      } else if (res.status >= 500) {
        last = new MarketProviderError(source, `HTTP ${res.status} from ${label}`, {
          status: res.status,
          retriable: true,
        });
      } else {
        throw new MarketProviderError(source, `HTTP ${res.status} from ${label}: ${text.slice(0, 300)}`, {
          status: res.status,
        });
      }
    }
    if (attempt < cfg.retries) {
      const delay = wait ?? backoffMs(attempt + 1, cfg.retryBaseMs);
      logger.debug({ source, attempt: attempt + 1, delayMs: delay, err: last?.reason }, "market provider retry");
      await sleep(delay, req.signal);
    }
  }
  throw new MarketProviderError(source, `${last!.reason} (after ${cfg.retries + 1} attempts)`, {
    status: last!.status,
    retriable: true,
  });
}

/** JSON.parse with a provider-named error. */
export function parseJsonText(source: MarketSource, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MarketProviderError(source, `${what} is not JSON: ${text.slice(0, 120)}`);
  }
}
