/**
 * Yahoo Finance chart API (unofficial): GET {YAHOO_CHART_URL}/v8/finance/chart/{TICKER}.SA
 * ?range=…|period1=…&period2=…&interval=1d&events=div,split&includeAdjustedClose=true, with a
 * User-Agent (Yahoo refuses anonymous clients); ^BVSP keeps its own symbol. Timestamps become the
 * exchange's local day (exchangeTimezoneName, else gmtoffset); a bar whose adjusted close is null is
 * dropped. chart.error {code: "Not Found"} is an unknown ticker. The chart API carries no
 * fundamentals: fundamentals() answers {} — brapi has them.
 */
import { z } from "zod";
import { env } from "@/env";
import { isTimeZone } from "@/domain/shared/dates";
import { cachedHistory, clipBars, numOrNull, tidyBars } from "./common";
import { addDays, checkRange, localDate, offsetDate } from "./dates";
import { MarketProviderError, UnknownTickerError } from "./errors";
import { marketGet, parseJsonText } from "./http";
import { normalizeTicker, yahooSymbol } from "./tickers";
import type { Fundamentals, HistoryRange, MarketProvider, PriceBar, PriceHistory, ProviderCallOptions } from "./types";

const series = z.array(z.number().nullable()).optional();
const ZChartError = z.object({ code: z.string(), description: z.string().nullable().optional() }).passthrough();
const ZResult = z
  .object({
    meta: z
      .object({
        currency: z.string().nullable().optional(),
        symbol: z.string(),
        exchangeTimezoneName: z.string().optional(),
        gmtoffset: z.number().optional(),
        regularMarketPrice: z.number().nullable().optional(),
        longName: z.string().optional(),
        shortName: z.string().optional(),
      })
      .passthrough(),
    timestamp: z.array(z.number()).optional(),
    indicators: z
      .object({
        quote: z.array(
          z.object({ open: series, high: series, low: series, close: series, volume: series }).passthrough(),
        ),
        adjclose: z.array(z.object({ adjclose: series }).passthrough()).optional(),
      })
      .passthrough(),
  })
  .passthrough();
const ZChart = z.object({
  chart: z.object({ result: z.array(ZResult).nullable().optional(), error: ZChartError.nullable().optional() }),
});

export interface YahooOptions {
  now?: () => Date;
}

const base = () => env().YAHOO_CHART_URL.replace(/\/+$/, "");

const validTimeZone = (tz: string | undefined): tz is string => !!tz && isTimeZone(tz);

export function createYahooProvider(opts: YahooOptions = {}): MarketProvider {
  const now = opts.now ?? (() => new Date());
  return {
    name: "yahoo",
    async history(ticker: string, range: HistoryRange, o: ProviderCallOptions = {}): Promise<PriceHistory> {
      const t = normalizeTicker(ticker);
      checkRange(range);
      const at = now();
      const endpoint = base();
      return cachedHistory("yahoo", { endpoint, ticker: t, range }, at, async () => {
        const u = new URL(`${endpoint}/v8/finance/chart/${encodeURIComponent(yahooSymbol(t))}`);
        const p = new URLSearchParams();
        if ("range" in range) p.set("range", range.range);
        else {
          // Whole UTC days around the range (B3 is UTC−3): the bars are clipped to it afterwards.
          p.set("period1", String(Date.parse(`${range.start}T00:00:00Z`) / 1000));
          p.set("period2", String(Date.parse(`${addDays(range.end, 1)}T12:00:00Z`) / 1000));
        }
        p.set("interval", "1d");
        p.set("events", "div,split");
        p.set("includeAdjustedClose", "true");
        u.search = p.toString();
        const r = await marketGet({ source: "yahoo", url: u.toString(), signal: o.signal, pass: [400, 404, 422] });
        const raw = parseJsonText("yahoo", r.text, "chart response");
        const parsed = ZChart.safeParse(raw);
        if (!parsed.success) {
          if (r.status >= 400)
            throw new MarketProviderError("yahoo", `HTTP ${r.status}: ${r.text.slice(0, 200)}`, { status: r.status });
          const i = parsed.error.issues[0]!;
          throw new MarketProviderError(
            "yahoo",
            `unexpected chart response at ${i.path.join(".") || "(root)"}: ${i.message}`,
          );
        }
        const { result, error } = parsed.data.chart;
        if (error) {
          const reason = error.description ?? error.code;
          if (error.code === "Not Found" || r.status === 404)
            throw new UnknownTickerError("yahoo", t, reason, r.status);
          throw new MarketProviderError("yahoo", `${error.code}: ${reason}`, { status: r.status });
        }
        if (r.status >= 400)
          throw new MarketProviderError("yahoo", `HTTP ${r.status}: ${r.text.slice(0, 200)}`, { status: r.status });
        const res = result?.[0];
        if (!res) throw new UnknownTickerError("yahoo", t, "the chart answer has no result", r.status);
        const { meta } = res;
        const ts = res.timestamp ?? [];
        const q = res.indicators.quote[0] ?? {};
        const adj = res.indicators.adjclose?.[0]?.adjclose;
        const tz = validTimeZone(meta.exchangeTimezoneName) ? meta.exchangeTimezoneName : null;
        const dayOf = (s: number) => (tz ? localDate(s, tz) : offsetDate(s, meta.gmtoffset ?? -10_800));
        const at_ = (a: (number | null)[] | undefined, i: number) => numOrNull(a?.[i]);
        const bars: PriceBar[] = [];
        ts.forEach((s, i) => {
          const adjClose = adj ? at_(adj, i) : at_(q.close, i);
          if (adjClose === null) return; // Yahoo's null bar
          bars.push({
            date: dayOf(s),
            open: at_(q.open, i),
            high: at_(q.high, i),
            low: at_(q.low, i),
            close: at_(q.close, i),
            adjClose,
            volume: at_(q.volume, i),
          });
        });
        const tidy = clipBars(tidyBars(bars), range, at);
        return {
          ticker: t,
          name: meta.longName ?? meta.shortName ?? null,
          currency: meta.currency ?? "BRL",
          sector: null,
          lastPrice: numOrNull(meta.regularMarketPrice) ?? tidy.at(-1)?.close ?? null,
          bars: tidy,
          source: "yahoo",
        };
      });
    },

    /** The chart API has no fundamentals (P/E, EPS, yield, market cap): none here — use brapi. */
    async fundamentals(tickers: readonly string[]): Promise<Record<string, Fundamentals>> {
      tickers.forEach(normalizeTicker);
      return {};
    },
  };
}
