/** Small pure helpers of the market feature: view ranges, ticker matching, feeds (dates: src/domain/shared/dates.ts). */
import { env } from "@/env";
import { addMonths } from "@/domain/shared/dates";
import type { ViewRange } from "./market.schemas";

/** `iso` moved back by `months` calendar months (clamped to the month's last day). */
export const monthsBefore = (iso: string, months: number): string => addMonths(iso, -months);

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
