/** brapi and Yahoo clients against the loopback replay server (src/test/market-replay-server.ts). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { cache } from "@/server/cache";
import { startMarketReplay, type MarketReplay } from "@/test/market-replay-server";
import brapiFundamentalsFixture from "./fixtures/brapi-fundamentals.json";
import brapiPetr4 from "./fixtures/brapi-quote-petr4.json";
import yahooPetr4 from "./fixtures/yahoo-chart-petr4.json";
import {
  configureMarketHttp,
  createBrapiProvider,
  createYahooProvider,
  fundamentalsCacheNamespace,
  historyCacheNamespace,
  MarketInputError,
  MarketProviderError,
  marketProvider,
  normalizeTicker,
  resetMarketHttp,
  resetRateLimits,
  UnknownTickerError,
} from "./index";
import { PETR4_2025_01_02, PETR4_JAN_DAYS, useReplayEnv } from "./replay.fixtures";

const NOW = new Date("2025-01-20T15:00:00Z");
const now = () => NOW;
let replay: MarketReplay;
let restore: () => Promise<void>;
const FAST = { brapi: 1000, yahoo: 1000, demo: 0, news: 1000 };

beforeAll(async () => {
  replay = await startMarketReplay({ now });
  restore = useReplayEnv(replay, { MARKET_HTTP_TIMEOUT_MS: "3000", MARKET_PROVIDER: "yahoo" });
});
afterAll(() => restore());
beforeEach(async () => {
  replay.requests.length = 0;
  replay.setFault("brapi", null);
  replay.setFault("yahoo", null);
  resetRateLimits();
  resetMarketHttp();
  configureMarketHttp({ retries: 2, retryBaseMs: 5, retryAfterMaxMs: 5000, ratePerSecond: FAST });
  for (const p of ["brapi", "yahoo"] as const) {
    await cache().clear(historyCacheNamespace(p));
    await cache().clear(fundamentalsCacheNamespace(p));
  }
  process.env.BRAPI_TOKEN = replay.env.BRAPI_TOKEN;
  resetEnvCache();
});

const fails = async <E extends Error>(p: Promise<unknown>, cls: new (...a: never[]) => E): Promise<E> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(cls);
  return e as E;
};

describe("normalizeTicker", () => {
  it("upper-cases, drops .SA and keeps indices", () => {
    expect(normalizeTicker(" petr4.sa ")).toBe("PETR4");
    expect(normalizeTicker("b3sa3")).toBe("B3SA3");
    expect(normalizeTicker("taee11")).toBe("TAEE11");
    expect(normalizeTicker("^bvsp")).toBe("^BVSP");
  });
  it("refuses anything else naming the field", () => {
    for (const bad of ["", "PETR", "12345", "PETR4; DROP", "AAPL", "x".repeat(30)]) {
      const e = (() => {
        try {
          normalizeTicker(bad);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(MarketInputError);
      expect((e as MarketInputError).field).toBe("ticker");
    }
  });
});

describe("Yahoo chart", () => {
  const yahoo = createYahooProvider({ now });

  it("reads the recorded PETR4.SA shape: local dates, adjusted close, null bar dropped, repeated day once", async () => {
    replay.setFault("yahoo", { kind: "fixture", body: yahooPetr4, times: 1 });
    const h = await yahoo.history("petr4", { start: "2025-01-01", end: "2025-01-31" });
    expect(h).toMatchObject({ ticker: "PETR4", currency: "BRL", source: "yahoo", lastPrice: 38.58 });
    expect(h.name).toBe("Petróleo Brasileiro S.A. - Petrobras");
    expect(h.bars.map((b) => b.date)).toEqual(PETR4_JAN_DAYS);
    expect(h.bars[0]).toEqual(PETR4_2025_01_02);
    // The live bar of 10 Jan (17:07 local) replaces the earlier one of the same day.
    expect(h.bars.at(-1)).toMatchObject({ close: 38.58, adjClose: 37.6268 });
    const q = replay.requests[0]!;
    expect(q.path).toBe("/v8/finance/chart/PETR4.SA");
    expect(q.query).toMatchObject({ interval: "1d", events: "div,split", includeAdjustedClose: "true" });
    expect(Number(q.query.period1)).toBeLessThanOrEqual(Date.parse("2025-01-01T03:00:00Z") / 1000);
    expect(q.userAgent).toMatch(/Mozilla\/5\.0.*Fluxo/);
  });

  it("asks ^BVSP without the suffix and a named range as range=", async () => {
    const h = await yahoo.history("^BVSP", { range: "3mo" });
    expect(replay.requests[0]!.path).toBe("/v8/finance/chart/%5EBVSP");
    expect(replay.requests[0]!.query.range).toBe("3mo");
    expect(h.bars.length).toBeGreaterThan(55);
    expect(h.bars[0]!.date >= "2024-10-19").toBe(true);
    expect(h.bars.at(-1)!.date <= "2025-01-20").toBe(true);
    // The replay answers a null bar on 1 Jan (a weekday holiday): dropped.
    expect(h.bars.some((b) => b.date === "2025-01-01")).toBe(false);
    const dates = h.bars.map((b) => b.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it("says UnknownTickerError with Yahoo's description on chart.error Not Found", async () => {
    const e = await fails(yahoo.history("XXXX3", { range: "1mo" }), UnknownTickerError);
    expect(e).toMatchObject({ provider: "yahoo", ticker: "XXXX3", status: 404, retriable: false });
    expect(e.message).toMatch(/^yahoo: unknown ticker XXXX3: No data found, symbol may be delisted/);
    expect(replay.requests).toHaveLength(1);
  });

  it("has no fundamentals (the chart API carries none)", async () => {
    expect(await yahoo.fundamentals(["PETR4", "VALE3"])).toEqual({});
    expect(replay.requests).toHaveLength(0);
  });

  it("caches a history answer; the key names the endpoint", async () => {
    await yahoo.history("VALE3", { range: "1mo" });
    await yahoo.history("vale3.sa", { range: "1mo" });
    expect(replay.requests).toHaveLength(1);
    // Another server (its own port) is another endpoint: never served the first one's answer.
    const other = await startMarketReplay({ now });
    try {
      process.env.YAHOO_CHART_URL = other.url;
      resetEnvCache();
      await yahoo.history("VALE3", { range: "1mo" });
      expect(other.requests).toHaveLength(1);
    } finally {
      process.env.YAHOO_CHART_URL = replay.url;
      resetEnvCache();
      await other.close();
    }
  });

  it("retries a 500 and succeeds", async () => {
    replay.setFault("yahoo", { kind: "status", status: 500, body: "Internal Server Error", times: 1 });
    const h = await yahoo.history("ITUB4", { range: "1mo" });
    expect(h.bars.length).toBeGreaterThan(10);
    expect(replay.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it("honours Retry-After on 429", async () => {
    replay.setFault("yahoo", { kind: "rate-limit", retryAfterSec: 1, times: 1 });
    const t = Date.now();
    await yahoo.history("BBDC4", { range: "1mo" });
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    expect(replay.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("fails at once when Retry-After is over the bound", async () => {
    replay.setFault("yahoo", { kind: "rate-limit", retryAfterSec: 3600, times: 1 });
    const e = await fails(yahoo.history("BBDC4", { range: "1mo" }), MarketProviderError);
    expect(e).toMatchObject({ status: 429, retriable: true });
    expect(e.message).toMatch(/Retry-After 3600 s is over the 5000 ms bound/);
    expect(replay.requests).toHaveLength(1);
  });

  it("times out a hanging answer after the retries", async () => {
    replay.setFault("yahoo", { kind: "hang" });
    process.env.MARKET_HTTP_TIMEOUT_MS = "300";
    resetEnvCache();
    const e = await fails(yahoo.history("ABEV3", { range: "1mo" }), MarketProviderError).finally(() => {
      process.env.MARKET_HTTP_TIMEOUT_MS = "3000";
      resetEnvCache();
    });
    expect(e).toMatchObject({ provider: "yahoo", retriable: true });
    expect(e.message).toMatch(/no answer from .* within 300 ms \(MARKET_HTTP_TIMEOUT_MS\) \(after 3 attempts\)/);
    expect(replay.requests).toHaveLength(3);
  });

  it("refuses malformed JSON and a wrong shape, naming the provider", async () => {
    replay.setFault("yahoo", { kind: "malformed", times: 1 });
    let e = await fails(yahoo.history("WEGE3", { range: "1mo" }), MarketProviderError);
    expect(e.message).toMatch(/^yahoo: chart response is not JSON/);
    expect(e.retriable).toBe(false);
    const body = structuredClone(yahooPetr4) as { chart: { result: { timestamp: unknown }[] } };
    body.chart.result[0]!.timestamp = "yesterday";
    replay.setFault("yahoo", { kind: "fixture", body, times: 1 });
    e = await fails(yahoo.history("WEGE3", { range: "6mo" }), MarketProviderError);
    expect(e.message).toMatch(/^yahoo: unexpected chart response at chart\.result\.0\.timestamp/);
  });

  it("does not retry another 4xx", async () => {
    replay.setFault("yahoo", { kind: "status", status: 403, body: "Forbidden", times: 3 });
    const e = await fails(yahoo.history("WEGE3", { range: "1mo" }), MarketProviderError);
    expect(e).toMatchObject({ status: 403, retriable: false });
    expect(replay.requests).toHaveLength(1);
  });

  it("refuses a bad range naming the field, before any request", async () => {
    const e = await fails(yahoo.history("PETR4", { start: "2025-02-30", end: "2025-03-01" }), MarketInputError);
    expect(e.field).toBe("start");
    const e2 = await fails(yahoo.history("PETR4", { start: "2025-03-02", end: "2025-03-01" }), MarketInputError);
    expect(e2.message).toMatch(/start 2025-03-02 is after end 2025-03-01/);
    expect(replay.requests).toHaveLength(0);
  });
});

describe("brapi", () => {
  const brapi = createBrapiProvider({ now });

  it("reads the recorded shape: Unix seconds → São Paulo days, adjustedClose, null entry dropped, Bearer token", async () => {
    replay.setFault("brapi", { kind: "fixture", body: brapiPetr4, times: 1 });
    const h = await brapi.history("PETR4", { start: "2025-01-01", end: "2025-01-31" });
    expect(h).toMatchObject({ ticker: "PETR4", currency: "BRL", source: "brapi", lastPrice: 38.58 });
    expect(h.bars.map((b) => b.date)).toEqual(PETR4_JAN_DAYS);
    expect(h.bars[1]).toEqual({
      date: "2025-01-03",
      open: 37.95,
      high: 38.44,
      low: 37.8,
      close: 38.29,
      adjClose: 37.344,
      volume: 28890300,
    });
    const q = replay.requests[0]!;
    expect(q.path).toBe("/api/quote/PETR4");
    // A start/end range asks for the smallest named range that covers it.
    expect(q.query).toEqual({ range: "1mo", interval: "1d" });
    expect(q.authorization).toBe(`Bearer ${replay.env.BRAPI_TOKEN}`);
  });

  it("sends no Authorization without BRAPI_TOKEN (free tickers work)", async () => {
    delete process.env.BRAPI_TOKEN;
    resetEnvCache();
    const h = await brapi.history("MGLU3", { range: "3mo" });
    expect(h.bars.length).toBeGreaterThan(55);
    expect(replay.requests[0]!.authorization).toBeUndefined();
    expect(replay.requests[0]!.query).toEqual({ range: "3mo", interval: "1d" });
  });

  it("surfaces a 401 with brapi's own message", async () => {
    delete process.env.BRAPI_TOKEN;
    resetEnvCache();
    const e = await fails(brapi.history("WEGE3", { range: "1mo" }), MarketProviderError);
    expect(e).toMatchObject({ provider: "brapi", status: 401, retriable: false });
    expect(e.message).toMatch(/^brapi: HTTP 401: O ativo WEGE3 requer um token/);
    process.env.BRAPI_TOKEN = "bad-token";
    resetEnvCache();
    const e2 = await fails(brapi.history("PETR4", { range: "1mo" }), MarketProviderError);
    expect(e2.reason).toMatch(/O seu token é inválido/);
    expect(replay.requests).toHaveLength(2);
  });

  it("surfaces a 402 plan limit with brapi's message", async () => {
    process.env.BRAPI_TOKEN = "free-plan";
    resetEnvCache();
    const e = await fails(brapi.history("PETR4", { range: "5y" }), MarketProviderError);
    expect(e).toMatchObject({ status: 402, retriable: false });
    expect(e.reason).toMatch(/plano não permite .* range 5y/);
  });

  it("says UnknownTickerError naming the ticker on 404 {error, message}", async () => {
    const e = await fails(brapi.history("ZZZZ3", { range: "1mo" }), UnknownTickerError);
    expect(e).toMatchObject({ provider: "brapi", ticker: "ZZZZ3", status: 404 });
    expect(e.message).toBe("brapi: unknown ticker ZZZZ3: Não encontramos a ação ZZZZ3");
  });

  it("reads fundamentals from the recorded shape; nulls stay null; dividend yield as a fraction", async () => {
    replay.setFault("brapi", { kind: "fixture", body: brapiFundamentalsFixture, times: 1 });
    const f = await brapi.fundamentals(["PETR4", "VALE3"]);
    expect(f).toEqual({
      PETR4: { priceEarnings: 4.12, earningsPerShare: 9.36, dividendYield: 0.1241, marketCap: 497105000000 },
      VALE3: { priceEarnings: null, earningsPerShare: null, dividendYield: null, marketCap: null },
    });
    expect(replay.requests[0]!.query).toEqual({ fundamental: "true", modules: "summaryProfile,defaultKeyStatistics" });
    expect(replay.requests[0]!.path).toBe("/api/quote/PETR4,VALE3");
  });

  it("leaves unknown tickers out of fundamentals (asking one by one after a 404)", async () => {
    const f = await brapi.fundamentals(["WEGE3", "XXXX3", "ITUB4"]);
    expect(Object.keys(f).sort()).toEqual(["ITUB4", "WEGE3"]);
    expect(f.WEGE3!.priceEarnings).toBe(31);
    expect(f.WEGE3!.dividendYield).toBeCloseTo(0.017, 10);
    expect(f.WEGE3!.marketCap!).toBeGreaterThan(0);
    expect(replay.requests.map((r) => r.status)).toEqual([404, 200, 404, 200]);
  });

  it("one ticker per fundamentals request without a token (brapi's free plan)", async () => {
    delete process.env.BRAPI_TOKEN;
    resetEnvCache();
    const f = await brapi.fundamentals(["PETR4", "VALE3"]);
    expect(Object.keys(f)).toEqual(["PETR4", "VALE3"]);
    expect(replay.requests.map((r) => r.path)).toEqual(["/api/quote/PETR4", "/api/quote/VALE3"]);
  });

  it("rate-limits per provider (token bucket)", async () => {
    configureMarketHttp({ ratePerSecond: { ...FAST, brapi: 5 } });
    const t = Date.now();
    await Promise.all(
      ["PETR4", "VALE3", "ITUB4", "BBDC4", "ABEV3", "WEGE3"].map((x) => brapi.history(x, { range: "1mo" })),
    );
    // A burst of 5, then the 6th waits ~200 ms for a token.
    expect(Date.now() - t).toBeGreaterThanOrEqual(180);
    expect(replay.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("retries 429 then 500 and succeeds", async () => {
    replay.setFault("brapi", { kind: "rate-limit", retryAfterSec: 0, times: 1 });
    await brapi.history("PETR4", { range: "1mo" });
    replay.setFault("brapi", { kind: "status", status: 502, times: 1 });
    await brapi.history("VALE3", { range: "1mo" });
    expect(replay.requests.map((r) => r.status)).toEqual([429, 200, 502, 200]);
  });

  it("marketProvider() follows MARKET_PROVIDER", async () => {
    expect(marketProvider().name).toBe("yahoo");
    process.env.MARKET_PROVIDER = "brapi";
    resetEnvCache();
    expect(marketProvider().name).toBe("brapi");
    expect(marketProvider("demo").name).toBe("demo");
    process.env.MARKET_PROVIDER = "yahoo";
    resetEnvCache();
  });
});
