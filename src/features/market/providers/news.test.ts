/** News feeds (RSS 2.0 and Atom) through the replay server; a failing feed is collected, not thrown. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { startMarketReplay, type MarketReplay } from "@/test/market-replay-server";
import { configureMarketHttp, fetchNews, parseFeed, resetRateLimits } from "./index";
import { useReplayEnv } from "./replay.fixtures";

let replay: MarketReplay;
let restore: () => Promise<void>;

beforeAll(async () => {
  replay = await startMarketReplay();
  restore = useReplayEnv(replay, { MARKET_HTTP_TIMEOUT_MS: "3000" });
});
afterAll(() => restore());
beforeEach(() => {
  replay.requests.length = 0;
  replay.setFault("feeds", null);
  resetRateLimits();
  configureMarketHttp({ retries: 1, retryBaseMs: 5, ratePerSecond: { brapi: 0, yahoo: 0, demo: 0, news: 1000 } });
});

describe("fetchNews", () => {
  it("reads RSS 2.0 and Atom items, newest first, HTML stripped", async () => {
    const feeds = process.env.MARKET_NEWS_FEEDS!.split(",");
    const { items, failed } = await fetchNews(feeds);
    expect(failed).toEqual([]);
    expect(items).toHaveLength(5);
    const [rss, atom] = feeds as [string, string];
    expect(items[1]).toEqual({
      feed: rss,
      guid: "mercados-20250110-001",
      title: "Petrobras (PETR4) anuncia dividendos & JCP",
      link: "https://news.example.com/mercados/petr4-dividendos",
      summary: "A Petrobras aprovou o pagamento de R$ 0,23 por ação.",
      publishedAt: new Date("2025-01-10T21:30:00Z"),
    });
    expect(items[0]).toEqual({
      feed: atom,
      guid: "tag:atom.example.org,2025-01-10:wege3-maxima",
      title: "WEG (WEGE3) renova máxima histórica",
      link: "https://atom.example.org/b3/wege3-maxima",
      summary: "As ações da WEG subiram 3%.",
      publishedAt: new Date("2025-01-10T23:15:00Z"),
    });
    const ibov = items.find((i) => i.title.startsWith("Ibovespa"))!;
    expect(ibov.summary).toBe("O índice subiu 1,2% puxado por commodities.");
    expect(ibov.guid).toBe(ibov.link);
    const mglu = items.find((i) => i.title.startsWith("Magazine"))!;
    expect(mglu).toMatchObject({
      summary: "Vendas cresceram no trimestre.",
      link: "https://atom.example.org/b3/mglu3-previa",
    });
    const bare = items.find((i) => i.title === "Nota sem link nem guid")!;
    expect(bare.link).toBeNull();
    expect(bare.guid).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(replay.requests.every((r) => /Fluxo/.test(r.userAgent ?? ""))).toBe(true);
  });

  it("collects each failing feed with its reason and still returns the others", async () => {
    const u = replay.url;
    const { items, failed } = await fetchNews([
      `${u}/feeds/rss.xml`,
      `${u}/feeds/missing.xml`,
      `${u}/feeds/broken.xml`,
      `${u}/feeds/not-a-feed.xml`,
      "ftp://example.com/feed.xml",
      "http://127.0.0.1:1/feed.xml",
    ]);
    expect(items).toHaveLength(3);
    const why = Object.fromEntries(failed.map((f) => [f.feed.replace(u, ""), f.message]));
    expect(why["/feeds/missing.xml"]).toMatch(/HTTP 404/);
    expect(why["/feeds/broken.xml"]).toMatch(/is not well-formed XML/);
    expect(why["/feeds/not-a-feed.xml"]).toMatch(/neither RSS nor Atom \(root element <html>\)/);
    expect(why["ftp://example.com/feed.xml"]).toMatch(/not an http\(s\) URL/);
    expect(why["http://127.0.0.1:1/feed.xml"]).toMatch(/cannot reach 127\.0\.0\.1:1\/feed\.xml.*after 2 attempts/);
  });

  it("times a hanging feed out and reports it", async () => {
    process.env.MARKET_HTTP_TIMEOUT_MS = "200";
    resetEnvCache();
    replay.setFault("feeds", { kind: "hang" });
    try {
      const { items, failed } = await fetchNews([`${replay.url}/feeds/atom.xml`]);
      expect(items).toEqual([]);
      expect(failed[0]!.message).toMatch(/no answer from .* within 200 ms/);
    } finally {
      replay.setFault("feeds", null);
      process.env.MARKET_HTTP_TIMEOUT_MS = "3000";
      resetEnvCache();
    }
  });

  it("parses RSS 1.0 (RDF) items too", () => {
    const xml = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://x.example/"><title>x</title></channel>
  <item rdf:about="https://x.example/1"><title>Um</title><link>https://x.example/1</link><dc:date>2025-01-02T10:00:00Z</dc:date></item>
</rdf:RDF>`;
    expect(parseFeed("f", xml)).toEqual([
      {
        feed: "f",
        guid: "https://x.example/1",
        title: "Um",
        link: "https://x.example/1",
        summary: null,
        publishedAt: new Date("2025-01-02T10:00:00Z"),
      },
    ]);
  });
});
