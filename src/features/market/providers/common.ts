/** What the HTTP providers share: bar clean-up, range clipping and the history cache. */
import { cache } from "@/server/cache";
import { addDays, rangeStart, today } from "./dates";
import type { HistoryRange, PriceBar, PriceHistory, ProviderName } from "./types";

/** Fresh for 5 min when the range reaches the last week (today's bar moves); a settled range for 24 h. */
export const HISTORY_TTL_MS = { recent: 5 * 60_000, settled: 24 * 3_600_000 } as const;
export const FUNDAMENTALS_TTL_MS = 60 * 60_000;
export const historyCacheNamespace = (p: ProviderName) => `market-history-${p}`;
export const fundamentalsCacheNamespace = (p: ProviderName) => `market-fundamentals-${p}`;

const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
export const numOrNull = (x: unknown): number | null => (finite(x) ? x : null);

/** Ascending, one bar per date (the later answer wins: a live bar repeats the day's), positive adjClose only. */
export function tidyBars(bars: PriceBar[]): PriceBar[] {
  const byDate = new Map<string, PriceBar>();
  for (const b of bars) if (finite(b.adjClose) && b.adjClose > 0) byDate.set(b.date, b);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Keep the bars a range asks for (a named range as of `now` in São Paulo). */
export function clipBars(bars: PriceBar[], r: HistoryRange, now = new Date()): PriceBar[] {
  if ("range" in r) {
    const from = rangeStart(r.range, today(now));
    return from === null ? bars : bars.filter((b) => b.date >= from);
  }
  return bars.filter((b) => b.date >= r.start && b.date <= r.end);
}

/** Through cache(): the key names the endpoint, so a mirror or a test's replay server never shares answers. */
export function cachedHistory(
  provider: ProviderName,
  key: { endpoint: string; ticker: string; range: HistoryRange; auth?: boolean },
  now: Date,
  compute: () => Promise<PriceHistory>,
): Promise<PriceHistory> {
  const settled = !("range" in key.range) && key.range.end < addDays(today(now), -7);
  return cache().getOrCompute(
    historyCacheNamespace(provider),
    key,
    { ttlMs: settled ? HISTORY_TTL_MS.settled : HISTORY_TTL_MS.recent },
    compute,
  );
}
