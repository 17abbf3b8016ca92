/**
 * The weather sources' HTTP GET: the shared outbound client (src/server/http-client.ts: timeout,
 * retries with jitter honouring Retry-After, a token bucket per source) with the WEATHER_* settings,
 * its failures as WeatherSourceErrors naming the source, and JSON parsed through zod so a surprise
 * names the source and the path.
 */
import type { z } from "zod";
import { httpGet as clientGet, HttpGetError, type HttpResult } from "@/server/http-client";
import { sourcesConfig } from "./config";
import { WeatherSourceError, type SourceName } from "./errors";

export interface HttpGet {
  source: SourceName;
  url: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses (besides 2xx) handed back to the caller instead of thrown, e.g. 304, 400, 404. */
  pass?: number[];
}

export async function httpGet(req: HttpGet): Promise<HttpResult> {
  const cfg = sourcesConfig();
  try {
    return await clientGet(
      { url: req.url, rateKey: req.source, headers: req.headers, signal: req.signal, pass: req.pass },
      {
        ...cfg,
        perSecond: cfg.ratePerSecond[req.source],
        settings: { timeout: "WEATHER_TIMEOUT_MS", retryAfterMax: "WEATHER_RETRY_AFTER_MAX_MS" },
      },
    );
  } catch (e) {
    if (!(e instanceof HttpGetError)) throw e;
    const kind = e.kind === "too-large" ? "bad-response" : e.kind;
    throw new WeatherSourceError(req.source, kind, e.message, e.status !== undefined ? { status: e.status } : {});
  }
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
