/**
 * News from RSS 2.0, RSS 1.0 (RDF) and Atom feeds. Parsed with fast-xml-parser — a maintained,
 * typed XML parser with no network code of its own and bounded entity expansion — so the fetch
 * (timeout, retries, size limit) stays in ./http.ts; rss-parser would bring xml2js and its own
 * HTTP client. Each feed is fetched and parsed on its own: a feed that fails is reported in
 * `failed` with its reason and the others still come back.
 */
import { createHash } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { MarketProviderError } from "./errors";
import { marketGet } from "./http";
import type { NewsEntry, ProviderCallOptions } from "./types";

/** Largest feed read (bytes), items kept per feed, summary length. */
export const NEWS_LIMITS = { maxBytes: 5 * 1024 * 1024, itemsPerFeed: 200, summaryChars: 1000, concurrency: 4 };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  processEntities: { enabled: true, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});

type Node = unknown;
const isObj = (x: Node): x is Record<string, Node> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The text of an element: a string, {"#text": …}, or the first of an array. */
function text(x: Node): string | null {
  if (x === undefined || x === null) return null;
  if (Array.isArray(x)) return text(x[0]);
  if (typeof x === "string" || typeof x === "number") return String(x).trim() || null;
  if (isObj(x) && "#text" in x) return text(x["#text"]);
  return null;
}

/** HTML to plain text, whitespace collapsed, cut to `max` characters. */
function plain(html: string | null, max = NEWS_LIMITS.summaryChars): string | null {
  if (!html) return null;
  const t = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!t) return null;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function date(x: string | null, fallback: Date): Date {
  const t = x ? Date.parse(x) : NaN;
  return Number.isNaN(t) ? fallback : new Date(t);
}

function atomLink(links: Node): string | null {
  const list = Array.isArray(links) ? links : links === undefined ? [] : [links];
  let first: string | null = null;
  for (const l of list) {
    const href = isObj(l) ? text(l["@_href"]) : text(l);
    if (!href) continue;
    const rel = isObj(l) ? text(l["@_rel"]) : null;
    if (!rel || rel === "alternate") return href;
    first ??= href;
  }
  return first;
}

const hashGuid = (...parts: (string | null)[]) =>
  `sha1:${createHash("sha1").update(parts.join("\u0000")).digest("hex")}`;

/** Parse a feed's XML (RSS 2.0, RDF or Atom). Throws MarketProviderError("news", …) when it is neither. */
export function parseFeed(feed: string, xml: string, fetchedAt = new Date()): NewsEntry[] {
  const valid = parserValidate(xml);
  if (valid !== true) throw new MarketProviderError("news", `${feed} is not well-formed XML: ${valid}`);
  const doc = parser.parse(xml) as Record<string, Node>;
  const out: NewsEntry[] = [];
  const push = (e: Omit<NewsEntry, "feed">) => {
    if (out.length < NEWS_LIMITS.itemsPerFeed) out.push({ feed, ...e });
  };
  const rss = isObj(doc.rss) ? doc.rss : isObj(doc.RDF) ? { channel: doc.RDF } : null;
  if (rss) {
    const channel = isObj(rss.channel) ? rss.channel : {};
    // RSS 1.0 puts items beside the channel, RSS 2.0 inside it.
    const items = (channel.item ?? (isObj(doc.RDF) ? doc.RDF.item : undefined) ?? []) as Node[];
    for (const it of items) {
      if (!isObj(it)) continue;
      const title = plain(text(it.title), 500) ?? "(untitled)";
      const link = text(it.link) ?? text(it["@_about"]);
      const published = text(it.pubDate) ?? text(it.date) ?? text(it.published) ?? text(it.updated);
      const guid = text(it.guid) ?? link ?? hashGuid(title, published);
      push({
        guid,
        title,
        link,
        summary: plain(text(it.description) ?? text(it.encoded)),
        publishedAt: date(published, fetchedAt),
      });
    }
    return out;
  }
  if (isObj(doc.feed)) {
    for (const en of (doc.feed.entry ?? []) as Node[]) {
      if (!isObj(en)) continue;
      const title = plain(text(en.title), 500) ?? "(untitled)";
      const link = atomLink(en.link);
      const published = text(en.published) ?? text(en.updated);
      push({
        guid: text(en.id) ?? link ?? hashGuid(title, published),
        title,
        link,
        summary: plain(text(en.summary) ?? text(en.content)),
        publishedAt: date(published, fetchedAt),
      });
    }
    return out;
  }
  const root = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "(none)";
  throw new MarketProviderError("news", `${feed} is neither RSS nor Atom (root element <${root}>)`);
}

function parserValidate(xml: string): true | string {
  const r = XMLValidator.validate(xml);
  return r === true ? true : `${r.err.msg} (line ${r.err.line})`;
}

async function mapBounded<T, R>(items: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

/**
 * Fetch and parse every feed (at most NEWS_LIMITS.concurrency at a time). Items are newest first,
 * one per (feed, guid). A feed's failure (unreachable, timeout, HTTP error, not XML) goes to `failed`.
 */
export async function fetchNews(
  feeds: readonly string[],
  o: ProviderCallOptions = {},
): Promise<{ items: NewsEntry[]; failed: { feed: string; message: string }[] }> {
  const failed: { feed: string; message: string }[] = [];
  const results = await mapBounded([...new Set(feeds)], NEWS_LIMITS.concurrency, async (feed) => {
    try {
      if (!/^https?:\/\//i.test(feed)) throw new MarketProviderError("news", `${feed} is not an http(s) URL`);
      const r = await marketGet({
        source: "news",
        url: feed,
        signal: o.signal,
        accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        maxBytes: NEWS_LIMITS.maxBytes,
      });
      return parseFeed(feed, r.text);
    } catch (e) {
      if (o.signal?.aborted) throw e;
      failed.push({ feed, message: e instanceof MarketProviderError ? e.reason : (e as Error).message });
      return [];
    }
  });
  const seen = new Set<string>();
  const items: NewsEntry[] = [];
  for (const it of results.flat()) {
    const k = `${it.feed}\u0000${it.guid}`;
    if (seen.has(k)) continue;
    seen.add(k);
    items.push(it);
  }
  items.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  return { items, failed };
}
