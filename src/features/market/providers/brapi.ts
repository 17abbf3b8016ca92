/**
 * brapi.dev: GET {BRAPI_URL}/api/quote/{TICKERS}?range=…&interval=1d (Authorization: Bearer when
 * BRAPI_TOKEN is set). historicalDataPrice dates are Unix seconds → the São Paulo day; adjustedClose
 * (dividends and splits) is the adjusted close. Errors come back as 400/401/402/404 {error, message}
 * and surface with brapi's message; 404 is an unknown ticker. The quote endpoint takes named ranges
 * only, so a {start, end} range asks for the smallest named one that covers it and keeps the days.
 * Fundamentals: fundamental=true&modules=summaryProfile,defaultKeyStatistics → priceEarnings,
 * earningsPerShare, marketCap and dividend yield (a percentage over 1 is read as percent).
 */
import { z } from "zod";
import { env } from "@/env";
import { cache } from "@/server/cache";
import {
  cachedHistory,
  clipBars,
  FUNDAMENTALS_TTL_MS,
  fundamentalsCacheNamespace,
  numOrNull,
  tidyBars,
} from "./common";
import { checkRange, localDate, rangeCovering, today } from "./dates";
import { MarketProviderError, UnknownTickerError } from "./errors";
import { marketGet, parseJsonText } from "./http";
import { normalizeTicker } from "./tickers";
import type { Fundamentals, HistoryRange, MarketProvider, PriceBar, PriceHistory, ProviderCallOptions } from "./types";

const num = z.number().nullable().optional();
const ZBar = z.object({
  date: z.number(),
  open: num,
  high: num,
  low: num,
  close: num,
  volume: num,
  adjustedClose: num,
});
const ZResult = z
  .object({
    symbol: z.string(),
    shortName: z.string().nullable().optional(),
    longName: z.string().nullable().optional(),
    currency: z.string().nullable().optional(),
    regularMarketPrice: num,
    priceEarnings: num,
    earningsPerShare: num,
    marketCap: num,
    dividendYield: num,
    historicalDataPrice: z.array(ZBar).nullable().optional(),
    summaryProfile: z.object({ sector: z.string().nullable().optional() }).passthrough().nullable().optional(),
    defaultKeyStatistics: z
      .object({ dividendYield: num, trailingEps: num, marketCap: num })
      .passthrough()
      .nullable()
      .optional(),
    summaryDetail: z.object({ dividendYield: num }).passthrough().nullable().optional(),
  })
  .passthrough();
const ZQuote = z.object({ results: z.array(ZResult) }).passthrough();
const ZError = z.object({ error: z.literal(true), message: z.string() }).passthrough();
type BrapiResult = z.infer<typeof ZResult>;

export const FUNDAMENTAL_MODULES = "summaryProfile,defaultKeyStatistics";
/** Tickers per fundamentals request (brapi's free plan answers one ticker per request). */
const CHUNK = { withToken: 10, free: 1 };

export interface BrapiOptions {
  /** The clock (tests): named ranges and the cache TTL are "as of now". */
  now?: () => Date;
}

function endpoint(): { base: string; token: string | undefined } {
  const e = env();
  return { base: e.BRAPI_URL.replace(/\/+$/, ""), token: e.BRAPI_TOKEN };
}

async function quote(
  tickers: readonly string[],
  params: Record<string, string>,
  o: ProviderCallOptions,
): Promise<BrapiResult[]> {
  const { base, token } = endpoint();
  const u = new URL(`${base}/api/quote/${tickers.map(encodeURIComponent).join(",")}`);
  u.search = new URLSearchParams(params).toString();
  const r = await marketGet({
    source: "brapi",
    url: u.toString(),
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: o.signal,
    pass: [400, 401, 402, 403, 404],
  });
  if (r.status >= 400) {
    const body = ZError.safeParse(safeJson(r.text));
    const reason = body.success ? body.data.message : r.text.slice(0, 200) || `HTTP ${r.status}`;
    if (r.status === 404 && tickers.length === 1) throw new UnknownTickerError("brapi", tickers[0]!, reason);
    throw new MarketProviderError("brapi", `HTTP ${r.status}: ${reason}`, { status: r.status });
  }
  const parsed = ZQuote.safeParse(parseJsonText("brapi", r.text, "quote response"));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new MarketProviderError(
      "brapi",
      `unexpected quote response at ${i.path.join(".") || "(root)"}: ${i.message}`,
    );
  }
  return parsed.data.results;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const pick = (rs: BrapiResult[], ticker: string) => rs.find((r) => normalizeSafe(r.symbol) === ticker);
function normalizeSafe(s: string): string | null {
  try {
    return normalizeTicker(s);
  } catch {
    return null;
  }
}

/** brapi's dividend yield as a fraction (brapi reports some modules in percent). */
function fraction(x: number | null): number | null {
  if (x === null) return null;
  return Math.abs(x) > 1 ? x / 100 : x;
}

export function brapiFundamentals(r: BrapiResult): Fundamentals {
  const ks = r.defaultKeyStatistics ?? null;
  return {
    priceEarnings: numOrNull(r.priceEarnings),
    earningsPerShare: numOrNull(r.earningsPerShare) ?? numOrNull(ks?.trailingEps),
    dividendYield: fraction(
      numOrNull(r.summaryDetail?.dividendYield) ?? numOrNull(ks?.dividendYield) ?? numOrNull(r.dividendYield),
    ),
    marketCap: numOrNull(r.marketCap) ?? numOrNull(ks?.marketCap),
  };
}

export function createBrapiProvider(opts: BrapiOptions = {}): MarketProvider {
  const now = opts.now ?? (() => new Date());
  return {
    name: "brapi",
    async history(ticker: string, range: HistoryRange, o: ProviderCallOptions = {}): Promise<PriceHistory> {
      const t = normalizeTicker(ticker);
      checkRange(range);
      const at = now();
      const { base, token } = endpoint();
      return cachedHistory("brapi", { endpoint: base, ticker: t, range, auth: Boolean(token) }, at, async () => {
        const name = "range" in range ? range.range : rangeCovering(range.start, today(at));
        const rs = await quote([t], { range: name, interval: "1d" }, o);
        const r = pick(rs, t) ?? (rs.length === 1 ? rs[0] : undefined);
        if (!r) throw new UnknownTickerError("brapi", t, "no result for it in the answer");
        const bars: PriceBar[] = [];
        for (const b of r.historicalDataPrice ?? []) {
          const adj = numOrNull(b.adjustedClose) ?? numOrNull(b.close);
          if (adj === null) continue; // a missing bar
          bars.push({
            date: localDate(b.date),
            open: numOrNull(b.open),
            high: numOrNull(b.high),
            low: numOrNull(b.low),
            close: numOrNull(b.close),
            adjClose: adj,
            volume: numOrNull(b.volume),
          });
        }
        const tidy = clipBars(tidyBars(bars), range, at);
        return {
          ticker: t,
          name: r.longName ?? r.shortName ?? null,
          currency: r.currency ?? "BRL",
          sector: r.summaryProfile?.sector ?? null,
          lastPrice: numOrNull(r.regularMarketPrice) ?? tidy.at(-1)?.close ?? null,
          bars: tidy,
          source: "brapi",
        };
      });
    },

    async fundamentals(tickers: readonly string[], o: ProviderCallOptions = {}): Promise<Record<string, Fundamentals>> {
      const list = [...new Set(tickers.map(normalizeTicker))];
      const { base, token } = endpoint();
      const size = token ? CHUNK.withToken : CHUNK.free;
      const out: Record<string, Fundamentals> = {};
      const ask = async (chunk: string[]): Promise<void> => {
        let rs: BrapiResult[];
        try {
          rs = await quote(chunk, { fundamental: "true", modules: FUNDAMENTAL_MODULES }, o);
        } catch (e) {
          if (e instanceof UnknownTickerError) return; // a missing ticker is left out
          // brapi answers 404 for the whole list when one is unknown: ask one by one.
          if (e instanceof MarketProviderError && e.status === 404 && chunk.length > 1) {
            for (const t of chunk) await ask([t]);
            return;
          }
          throw e;
        }
        for (const t of chunk) {
          const r = pick(rs, t);
          if (r) out[t] = brapiFundamentals(r);
        }
      };
      for (let i = 0; i < list.length; i += size) {
        const chunk = list.slice(i, i + size);
        const got = await cache().getOrCompute(
          fundamentalsCacheNamespace("brapi"),
          { endpoint: base, tickers: chunk, auth: Boolean(token) },
          { ttlMs: FUNDAMENTALS_TTL_MS },
          async () => {
            const before = new Set(Object.keys(out));
            await ask(chunk);
            return Object.fromEntries(Object.entries(out).filter(([k]) => !before.has(k)));
          },
        );
        Object.assign(out, got);
      }
      return out;
    },
  };
}
