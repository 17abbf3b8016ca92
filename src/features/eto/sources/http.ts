/**
 * The sources' HTTP helper on global fetch: per-request timeout joined with the caller's signal,
 * retries with exponential backoff + full jitter on network errors, 5xx and 429 (Retry-After
 * honoured up to a bound), no retry on other 4xx, a per-source token bucket, a User-Agent, and
 * JSON parsed through zod so a surprise names the source and the path.
 */
import type { z } from "zod";
import { logger } from "@/server/logger";
import { sourcesConfig } from "./config";
import { WeatherSourceError, type SourceName } from "./errors";
import { sleep, take } from "./rate-limit";

export interface HttpGet {
  source: SourceName;
  url: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses (besides 2xx) handed back to the caller instead of thrown, e.g. 304, 400, 404. */
  pass?: number[];
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
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

export async function httpGet(req: HttpGet): Promise<HttpResult> {
  const cfg = sourcesConfig();
  const { source } = req;
  const where = new URL(req.url);
  const label = `${where.host}${where.pathname}`;
  let lastError: WeatherSourceError | undefined;
  for (let attempt = 0; attempt <= cfg.retries; attempt++) {
    req.signal?.throwIfAborted();
    await take(source, cfg.ratePerSecond[source], req.signal);
    const timeout = AbortSignal.timeout(cfg.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let wait: number | null = null;
    let res: Response | undefined;
    let text = "";
    try {
      res = await fetch(req.url, {
        headers: { "User-Agent": cfg.userAgent, Accept: "application/json", ...req.headers },
        signal,
        redirect: "follow",
      });
      text = await res.text();
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason;
      const msg = timeout.aborted
        ? `no answer from ${label} within ${cfg.timeoutMs} ms (WEATHER_TIMEOUT_MS)`
        : `cannot reach ${label}: ${(e as Error).message}`;
      lastError = new WeatherSourceError(source, "unavailable", msg);
      res = undefined;
    }
    if (res) {
      if (res.ok || req.pass?.includes(res.status)) return { status: res.status, headers: res.headers, text };
      if (res.status === 429) {
        wait = retryAfterMs(res.headers.get("retry-after"));
        if (wait !== null && wait > cfg.retryAfterMaxMs) {
          throw new WeatherSourceError(
            source,
            "rate-limited",
            `HTTP 429 from ${label}: Retry-After ${Math.round(wait / 1000)} s is over the ${cfg.retryAfterMaxMs} ms bound (WEATHER_RETRY_AFTER_MAX_MS)`,
            { status: 429 },
          );
        }
        lastError = new WeatherSourceError(source, "rate-limited", `HTTP 429 from ${label}`, { status: 429 });
      } else if (res.status >= 500) {
        lastError = new WeatherSourceError(source, "unavailable", `HTTP ${res.status} from ${label}`, {
          status: res.status,
        });
      } else {
        throw new WeatherSourceError(
          source,
          "bad-response",
          `HTTP ${res.status} from ${label}: ${text.slice(0, 300)}`,
          {
            status: res.status,
          },
        );
      }
    }
    if (attempt < cfg.retries) {
      const delay = wait ?? backoffMs(attempt + 1, cfg.retryBaseMs);
      logger.debug({ source, attempt: attempt + 1, delayMs: delay, err: lastError?.message }, "weather source retry");
      await sleep(delay, req.signal);
    }
  }
  throw new WeatherSourceError(
    source,
    lastError!.kind,
    `${lastError!.message.replace(`${source}: `, "")} (after ${cfg.retries + 1} attempts)`,
    lastError!.extra,
  );
}

/** Parse `text` as JSON through `schema`; a mismatch names the source and the first failing path. */
export function parseJson<T>(source: SourceName, text: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WeatherSourceError(source, "bad-response", `${what} is not JSON: ${text.slice(0, 120)}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.join(".") || "(root)";
    throw new WeatherSourceError(source, "bad-response", `unexpected ${what} at ${path}: ${issue.message}`, {
      path,
    });
  }
  return r.data;
}

/** GET + parse (2xx only). */
export async function getJson<T>(req: HttpGet, schema: z.ZodType<T>, what: string): Promise<T> {
  const r = await httpGet(req);
  return parseJson(req.source, r.text, schema, what);
}
