/**
 * Fluxo's one outbound HTTP GET (weather sources, market providers, news feeds) on global fetch: a
 * per-request timeout joined with the caller's signal; retries on network errors, timeouts, 429 and
 * 5xx with exponential backoff and full jitter, Retry-After honoured up to a bound (a longer one
 * fails at once); no retry on other 4xx, which go back to the caller when listed in `pass` and fail
 * otherwise; a per-key token bucket; an optional size limit. Failures are `HttpGetError`s with a kind
 * the callers turn into their own errors. Hand-written rather than p-retry + a limiter: the loop
 * must read each answer (Retry-After, `pass`, the size) before deciding, which p-retry leaves to the
 * same amount of code in its callbacks, and the bucket is 40 lines with its own tests.
 */
import { Buffer } from "node:buffer";
import { logger } from "./logger";
import { sleep, take } from "./token-bucket";

export interface HttpPolicy {
  /** Retries after a network error, timeout, 429 or 5xx. */
  retries: number;
  /** Backoff base (ms): retry n waits a random time up to base·2^(n−1). */
  retryBaseMs: number;
  /** Longest Retry-After honoured (ms). */
  retryAfterMaxMs: number;
  timeoutMs: number;
  /** Requests per second for the request's `rateKey` (≤ 0 or Infinity: no limit). */
  perSecond: number;
  userAgent: string;
  /** The settings an operator would change, named in the messages (e.g. WEATHER_TIMEOUT_MS). */
  settings?: { timeout?: string; retryAfterMax?: string };
}

export interface HttpGet {
  url: string;
  rateKey: string;
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. 304, 400, 404). */
  pass?: number[];
  /** Refuse answers larger than this (bytes). */
  maxBytes?: number;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

export type HttpFailure = "unavailable" | "rate-limited" | "bad-response" | "too-large";

export class HttpGetError extends Error {
  override name = "HttpGetError";
  constructor(
    readonly kind: HttpFailure,
    message: string,
    readonly status: number | undefined,
    /** Worth another try later (network, timeout, 429, 5xx). */
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

/** Retry-After (seconds or an HTTP date) in ms, or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

/** Backoff before retry `attempt` (1-based): full jitter over base·2^(attempt−1). */
export function backoffMs(attempt: number, baseMs: number, rnd: () => number = Math.random): number {
  return Math.round(rnd() * baseMs * 2 ** (attempt - 1));
}

/** The URL without its query: tokens never reach a message or a log. */
const labelOf = (url: string) => {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
};

const named = (setting: string | undefined) => (setting ? ` (${setting})` : "");

export async function httpGet(req: HttpGet, policy: HttpPolicy): Promise<HttpResult> {
  const label = labelOf(req.url);
  let last: HttpGetError | undefined;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    req.signal?.throwIfAborted();
    await take(req.rateKey, policy.perSecond, req.signal);
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let wait: number | null = null;
    let res: Response | undefined;
    let text = "";
    try {
      res = await fetch(req.url, {
        headers: { "User-Agent": policy.userAgent, Accept: req.accept ?? "application/json", ...req.headers },
        signal,
        redirect: "follow",
      });
      const declared = Number(res.headers.get("content-length"));
      if (req.maxBytes && declared > req.maxBytes) {
        await res.body?.cancel();
        throw new HttpGetError(
          "too-large",
          `${label} answered ${declared} bytes, over the ${req.maxBytes} limit`,
          res.status,
          false,
        );
      }
      text = await res.text();
      if (req.maxBytes && Buffer.byteLength(text) > req.maxBytes)
        throw new HttpGetError(
          "too-large",
          `${label} answered more than the ${req.maxBytes} bytes limit`,
          res.status,
          false,
        );
    } catch (e) {
      if (e instanceof HttpGetError) throw e;
      if (req.signal?.aborted) throw req.signal.reason;
      const reason = timeout.aborted
        ? `no answer from ${label} within ${policy.timeoutMs} ms${named(policy.settings?.timeout)}`
        : `cannot reach ${label}: ${(e as Error).message}`;
      last = new HttpGetError("unavailable", reason, undefined, true);
      res = undefined;
    }
    if (res) {
      if (res.ok || req.pass?.includes(res.status)) return { status: res.status, headers: res.headers, text };
      if (res.status === 429) {
        wait = retryAfterMs(res.headers.get("retry-after"));
        if (wait !== null && wait > policy.retryAfterMaxMs)
          throw new HttpGetError(
            "rate-limited",
            `HTTP 429 from ${label}: Retry-After ${Math.round(wait / 1000)} s is over the ${policy.retryAfterMaxMs} ms bound${named(policy.settings?.retryAfterMax)}`,
            429,
            true,
          );
        last = new HttpGetError("rate-limited", `HTTP 429 (too many requests) from ${label}`, 429, true);
      } else if (res.status >= 500) {
        last = new HttpGetError("unavailable", `HTTP ${res.status} from ${label}`, res.status, true);
      } else {
        throw new HttpGetError(
          "bad-response",
          `HTTP ${res.status} from ${label}: ${text.slice(0, 300)}`,
          res.status,
          false,
        );
      }
    }
    if (attempt < policy.retries) {
      const delay = wait ?? backoffMs(attempt + 1, policy.retryBaseMs);
      logger.debug({ key: req.rateKey, attempt: attempt + 1, delayMs: delay, err: last?.message }, "outbound retry");
      await sleep(delay, req.signal);
    }
  }
  throw new HttpGetError(last!.kind, `${last!.message} (after ${policy.retries + 1} attempts)`, last!.status, true);
}
