/**
 * A real HTTP server on 127.0.0.1 answering like brapi.dev (/api/quote/:tickers), the Yahoo chart API
 * (/v8/finance/chart/:symbol) and RSS/Atom feeds (/feeds/*.xml), in their real response shapes
 * (src/features/market/providers/fixtures/). Known tickers are the demo set's (DEMO_SPECS): their
 * bars come from the seeded demo model — test data, not quotes — laid out as each API lays them
 * out (Unix-second timestamps at 10:00 São Paulo; Yahoo answers a null bar on each weekday holiday).
 * Unknown tickers answer 404 in each API's error shape. brapi's auth as the API has it: the token
 * "bad-token" → 401; no token and a ticker outside brapi's free list → 401; the token "free-plan"
 * and a range over 3mo → 402. Faults (status, 429 with Retry-After, hang, malformed JSON, a fixture
 * body) are injected per route, optionally for the next N requests. Every request is logged.
 *
 *   const replay = await startMarketReplay();   // { url, env, setFault, requests, close }
 *   Object.assign(process.env, replay.env); resetEnvCache();
 */
import { readFileSync } from "node:fs";
import { RANGE_DAYS as PROVIDER_RANGE_DAYS } from "@/features/market/providers/dates";
import { startReplayServer, type Answer, type ReplayFault } from "./replay-server";
import { addDays, isoDateIn } from "@/domain/shared/dates";
import { DEMO_EPOCH, demoBars, demoFundamentals, demoSpec, type DemoBar } from "@/domain/portfolio/demo-model";
import brapiNotFound from "@/features/market/providers/fixtures/brapi-not-found.json";
import brapiPlan from "@/features/market/providers/fixtures/brapi-plan-range.json";
import brapiUnauthorized from "@/features/market/providers/fixtures/brapi-unauthorized.json";
import yahooNotFound from "@/features/market/providers/fixtures/yahoo-chart-not-found.json";

export type MarketRoute = "brapi" | "yahoo" | "feeds";

export type MarketFault = ReplayFault;

export interface MarketReplayRequest {
  route: MarketRoute | "unknown";
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  /** The Authorization header as sent (only loopback tests see it). */
  authorization: string | undefined;
  status: number;
}

export interface MarketReplay {
  url: string;
  /** BRAPI_URL, BRAPI_TOKEN (a token the replay accepts), YAHOO_CHART_URL, MARKET_NEWS_FEEDS (RSS + Atom). */
  env: Record<string, string>;
  setFault(route: MarketRoute, fault: MarketFault | null): void;
  requests: MarketReplayRequest[];
  close(): Promise<void>;
}

export interface MarketReplayOptions {
  /** Port to listen on (default 0: any free one). */
  port?: number;
  /** The clock for named ranges (default: real now). */
  now?: () => Date;
}

/** Tickers brapi serves without a token. */
export const BRAPI_FREE_TICKERS = ["PETR4", "VALE3", "ITUB4", "MGLU3"];
export const REPLAY_BRAPI_TOKEN = "replay-token";

const FIXTURES = new URL("../features/market/providers/fixtures/", import.meta.url);
const feedFile = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");
/** The providers' named ranges, and the short ones only the APIs take. */
const RANGE_DAYS: Record<string, number> = { "1d": 1, "5d": 7, ...PROVIDER_RANGE_DAYS };
const WEEKDAY_HOLIDAYS = new Set(["01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "12-25"]);

const isoDay = (d: Date) => isoDateIn(d, "America/Sao_Paulo");
/** 10:00 in São Paulo (UTC−3) as Unix seconds: where both APIs put a daily bar. */
const stamp = (iso: string) => Date.parse(`${iso}T13:00:00Z`) / 1000;
const withoutDemo = (name: string) => name.replace(/ \(demo\)$/, "");

export async function startMarketReplay(o: MarketReplayOptions = {}): Promise<MarketReplay> {
  const now = o.now ?? (() => new Date());
  const replay = await startReplayServer<MarketRoute, MarketReplayRequest>({
    port: o.port,
    contentType: "application/json; charset=utf-8",
    route: (u) =>
      u.pathname.startsWith("/api/quote/")
        ? "brapi"
        : u.pathname.startsWith("/v8/finance/chart/")
          ? "yahoo"
          : u.pathname.startsWith("/feeds/")
            ? "feeds"
            : undefined,
    logEntry: (req, u, route) => ({
      route: route ?? "unknown",
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      userAgent: req.headers["user-agent"],
      authorization: req.headers.authorization,
      status: 0,
    }),
    errorBody: (message) => ({ error: true, message }),
    rateLimited: (route, retryAfterSec) => [
      429,
      route === "brapi" ? { error: true, message: "Too Many Requests" } : "Too Many Requests",
      { "Retry-After": String(retryAfterSec), ...(route === "brapi" ? {} : { "Content-Type": "text/plain" }) },
    ],
    malformed: (route) =>
      route === "feeds"
        ? [200, "<?xml version='1.0'?><rss><channel><item><title>cut", { "Content-Type": "application/rss+xml" }]
        : [200, '{"chart":{"result":[{"meta":{"currency":"BRL","symbol":"PETR4.SA"},"timestamp":[17358'],
    answer: (route, u, req) =>
      route === "brapi"
        ? brapiAnswer(u, req.headers.authorization, now())
        : route === "yahoo"
          ? yahooAnswer(u, req.headers["user-agent"], now())
          : feedAnswer(u),
  });
  const { url } = replay;
  return {
    ...replay,
    env: {
      BRAPI_URL: url,
      BRAPI_TOKEN: REPLAY_BRAPI_TOKEN,
      YAHOO_CHART_URL: url,
      MARKET_NEWS_FEEDS: `${url}/feeds/rss.xml,${url}/feeds/atom.xml`,
    },
  };
}

/** The days a named range covers as of `now` (São Paulo), or null when the name is not one. */
function namedRange(range: string, now: Date): { from: string; to: string } | null {
  const to = isoDay(now);
  if (range === "max") return { from: DEMO_EPOCH, to };
  if (range === "ytd") return { from: `${to.slice(0, 4)}-01-01`, to };
  const n = RANGE_DAYS[range];
  return n === undefined ? null : { from: addDays(to, -n), to };
}

// ------------------------------------------------------------------------------------------- brapi

function brapiAnswer(u: URL, authorization: string | undefined, now: Date): Answer {
  const tickers = decodeURIComponent(u.pathname.slice("/api/quote/".length))
    .split(",")
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? u.searchParams.get("token") ?? undefined;
  if (token === "bad-token") return [401, brapiUnauthorized];
  const unknown = tickers.find((t) => !demoSpec(t));
  if (!tickers.length || unknown)
    return [404, { ...brapiNotFound, message: `Não encontramos a ação ${unknown ?? ""}`.trim() }];
  if (!token && tickers.some((t) => !BRAPI_FREE_TICKERS.includes(t)))
    return [
      401,
      {
        error: true,
        message: `O ativo ${tickers.find((t) => !BRAPI_FREE_TICKERS.includes(t))} requer um token: crie o seu em brapi.dev/dashboard`,
      },
    ];
  const range = u.searchParams.get("range");
  const interval = u.searchParams.get("interval") ?? "1d";
  if (range && !namedRange(range, now))
    return [
      400,
      {
        error: true,
        message: `O range ${range} não é válido. Ranges válidos: 1d, 5d, 1mo, 3mo, 6mo, 1y, 2y, 5y, 10y, ytd, max`,
      },
    ];
  if (interval !== "1d")
    return [400, { error: true, message: `Este replay só responde interval=1d (pedido: ${interval})` }];
  if (token === "free-plan" && range && !["1d", "5d", "1mo", "3mo"].includes(range))
    return [402, { ...brapiPlan, message: brapiPlan.message.replace("5y", range) }];
  const fundamental = u.searchParams.get("fundamental") === "true";
  const modules = (u.searchParams.get("modules") ?? "").split(",").filter(Boolean);
  const results = tickers.map((t) => {
    const s = demoSpec(t)!;
    const to = isoDay(now);
    const recent = demoBars(s, addDays(to, -10), to);
    const last = recent.at(-1)!;
    const prev = recent.at(-2) ?? last;
    const r: Record<string, unknown> = {
      currency: "BRL",
      shortName: withoutDemo(s.name).toUpperCase().slice(0, 24),
      longName: withoutDemo(s.name),
      regularMarketChange: Math.round((last.close - prev.close) * 100) / 100,
      regularMarketChangePercent: Math.round((last.close / prev.close - 1) * 1e5) / 1e3,
      regularMarketTime: new Date(stamp(last.date) * 1000 + 7 * 3600_000).toISOString(),
      regularMarketPrice: last.close,
      regularMarketDayHigh: last.high,
      regularMarketDayLow: last.low,
      regularMarketVolume: last.volume,
      regularMarketPreviousClose: prev.close,
      regularMarketOpen: last.open,
      symbol: t,
      logourl: `https://icons.brapi.dev/icons/${t}.svg`,
    };
    if (fundamental || modules.length) {
      const f = demoFundamentals(s, last.close);
      r.priceEarnings = f.priceEarnings;
      r.earningsPerShare = f.earningsPerShare;
      r.marketCap = f.marketCap;
    }
    if (modules.includes("summaryProfile"))
      r.summaryProfile = { sector: s.sector, industry: s.sector, country: "Brazil" };
    if (modules.includes("defaultKeyStatistics")) {
      const f = demoFundamentals(s, last.close);
      // brapi reports this module's dividend yield in percent.
      r.defaultKeyStatistics = {
        symbol: t,
        trailingEps: f.earningsPerShare,
        dividendYield: f.dividendYield === null ? null : Math.round(f.dividendYield * 10_000) / 100,
        sharesOutstanding: s.shares,
      };
    }
    if (range) {
      const { from, to: end } = namedRange(range, now)!;
      r.usedInterval = interval;
      r.usedRange = range;
      r.historicalDataPrice = demoBars(s, from, end).map((b) => ({
        date: stamp(b.date),
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
        adjustedClose: b.adjClose,
      }));
    }
    return r;
  });
  return [200, { results, requestedAt: now.toISOString(), took: "0ms" }];
}

// ------------------------------------------------------------------------------------------- Yahoo

const yahooError = (status: number, code: string, description: string): Answer => [
  status,
  { chart: { result: null, error: { code, description } } },
];

function yahooAnswer(u: URL, userAgent: string | undefined, now: Date): Answer {
  if (!userAgent) return [403, "Forbidden", { "Content-Type": "text/plain" }];
  const symbol = decodeURIComponent(u.pathname.slice("/v8/finance/chart/".length));
  const ticker = symbol.startsWith("^") ? symbol : symbol.endsWith(".SA") ? symbol.slice(0, -3) : null;
  const s = ticker ? demoSpec(ticker) : undefined;
  if (!s) return [404, yahooNotFound];
  const interval = u.searchParams.get("interval") ?? "1d";
  if (interval !== "1d")
    return yahooError(400, "Bad Request", `Invalid input - interval=${interval} is not supported by this replay`);
  let from: string, to: string;
  let p1 = -Infinity;
  let p2 = Infinity;
  const range = u.searchParams.get("range");
  if (u.searchParams.has("period1")) {
    p1 = Number(u.searchParams.get("period1"));
    p2 = Number(u.searchParams.get("period2") ?? now.getTime() / 1000);
    if (!Number.isFinite(p1) || !Number.isFinite(p2) || p1 > p2)
      return yahooError(400, "Bad Request", "Invalid input - start date cannot be after end date");
    from = isoDay(new Date(p1 * 1000));
    to = isoDay(new Date(Math.min(p2, now.getTime() / 1000) * 1000));
  } else {
    const r = namedRange(range ?? "1mo", now);
    if (!r)
      return yahooError(
        422,
        "Unprocessable Entity",
        `Invalid input - range=${range} is not one of 1d,5d,1mo,3mo,6mo,1y,2y,5y,10y,ytd,max`,
      );
    ({ from, to } = r);
  }
  const bars: (DemoBar | { date: string; nil: true })[] = demoBars(s, from, to);
  // Yahoo answers a bar of nulls on a weekday the exchange was closed.
  for (let d = from < DEMO_EPOCH ? DEMO_EPOCH : from; d <= to; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6 && WEEKDAY_HOLIDAYS.has(d.slice(5))) bars.push({ date: d, nil: true });
  }
  bars.sort((a, b) => (a.date < b.date ? -1 : 1));
  const inWindow = bars.filter((b) => stamp(b.date) >= p1 && stamp(b.date) < p2);
  const real = inWindow.filter((b): b is DemoBar => !("nil" in b));
  const last = real.at(-1);
  const col = (k: keyof Omit<DemoBar, "date">) => inWindow.map((b) => ("nil" in b ? null : b[k]));
  const isIndex = s.sector === "Index";
  return [
    200,
    {
      chart: {
        result: [
          {
            meta: {
              currency: "BRL",
              symbol,
              exchangeName: "SAO",
              fullExchangeName: "São Paulo",
              instrumentType: isIndex ? "INDEX" : "EQUITY",
              firstTradeDate: stamp(DEMO_EPOCH),
              regularMarketTime: last ? stamp(last.date) + 7 * 3600 : null,
              hasPrePostMarketData: false,
              gmtoffset: -10800,
              timezone: "BRT",
              exchangeTimezoneName: "America/Sao_Paulo",
              regularMarketPrice: last?.close ?? null,
              longName: withoutDemo(s.name),
              shortName: withoutDemo(s.name).toUpperCase().slice(0, 24),
              chartPreviousClose: real[0]?.close ?? null,
              priceHint: 2,
              dataGranularity: "1d",
              range: range ?? "",
              validRanges: ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
            },
            timestamp: inWindow.map((b) => stamp(b.date)),
            events: {},
            indicators: {
              quote: [
                { open: col("open"), high: col("high"), low: col("low"), close: col("close"), volume: col("volume") },
              ],
              adjclose: [{ adjclose: col("adjClose") }],
            },
          },
        ],
        error: null,
      },
    },
  ];
}

// ------------------------------------------------------------------------------------------- feeds

function feedAnswer(u: URL): Answer {
  const xml = { "Content-Type": "application/xml; charset=utf-8" };
  switch (u.pathname) {
    case "/feeds/rss.xml":
      return [200, feedFile("rss.xml"), { ...xml, "Content-Type": "application/rss+xml; charset=utf-8" }];
    case "/feeds/atom.xml":
      return [200, feedFile("atom.xml"), { ...xml, "Content-Type": "application/atom+xml; charset=utf-8" }];
    case "/feeds/not-a-feed.xml":
      return [200, "<html><body><h1>Página</h1></body></html>", { "Content-Type": "text/html" }];
    case "/feeds/broken.xml":
      return [200, "<?xml version='1.0'?><rss><channel><item><title>cut", xml];
    default:
      return [404, "<html><body>404 Not Found</body></html>", { "Content-Type": "text/html" }];
  }
}
