/** Small pure helpers of the market feature: exchange days, view ranges, ticker matching, feeds. */
import { env } from "@/env";
import type { ViewRange } from "./market.schemas";

const DAY_MS = 86_400_000;

/** Today in São Paulo (B3's calendar day), YYYY-MM-DD. */
export function saoPauloDay(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo" }).format(now);
}

/** `iso` moved by `days` calendar days. */
export function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `iso` moved back by `months` calendar months (clamped to the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, "0")}-${String(nm + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

const RANGE_MONTHS: Record<Exclude<ViewRange, "max">, number> = { "1m": 1, "3m": 3, "6m": 6, "1y": 12, "5y": 60 };

/** The first day a view range shows, ending at `lastDay` (undefined: everything). */
export function viewRangeStart(lastDay: string, range: ViewRange): string | undefined {
  return range === "max" ? undefined : monthsBefore(lastDay, RANGE_MONTHS[range]);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The tickers `text` names as whole words ("PETR4", "PETR4.SA"; an index without its caret). */
export function matchTickers(text: string, tickers: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tickers) {
    const bare = t.replace(/^\^/, "");
    if (bare.length < 4) continue; // too short to tell from a word
    if (new RegExp(`(?<![A-Za-z0-9])\\^?${escape(bare)}(?![A-Za-z0-9])`).test(text)) out.push(t);
  }
  return out;
}

/** MARKET_NEWS_FEEDS as a list of URLs (empty: no feeds configured). */
export function marketNewsFeeds(): string[] {
  return [...env().MARKET_NEWS_FEEDS];
}
