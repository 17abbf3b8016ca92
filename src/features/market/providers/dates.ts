/**
 * Day arithmetic for the providers: exchange-local dates from Unix seconds, ranges to dates. Dates and
 * zones are src/domain/shared/dates.ts's; B3 trades on São Paulo's calendar, the product's default zone.
 */
import {
  addDays,
  daysBetween,
  DEFAULT_TIME_ZONE,
  isIsoDate,
  isoDateIn,
  today as todayIn,
  UTC,
} from "@/domain/shared/dates";
import { MarketInputError } from "./errors";
import { HISTORY_RANGES, type HistoryRange, type RangeName } from "./types";

export { addDays, isIsoDate };

export const B3_TIME_ZONE = DEFAULT_TIME_ZONE;

/** The calendar day (YYYY-MM-DD) at Unix seconds `ts` in `timeZone`. */
export const localDate = (ts: number, timeZone: string = B3_TIME_ZONE): string => isoDateIn(ts * 1000, timeZone);

/** The calendar day at Unix seconds `ts` shifted by a fixed UTC offset (seconds). */
export const offsetDate = (ts: number, gmtoffset: number) => isoDateIn((ts + gmtoffset) * 1000, UTC);

/** B3's today (São Paulo) at `now`. */
export const today = (now = new Date()) => todayIn(now, B3_TIME_ZONE);

/** Calendar days each named range reaches back. */
export const RANGE_DAYS: Record<Exclude<RangeName, "max">, number> = {
  "1mo": 31,
  "3mo": 92,
  "6mo": 183,
  "1y": 366,
  "2y": 731,
  "5y": 1827,
  "10y": 3653,
};

/** Checks a range; a {start,end} one must be real dates, start ≤ end. */
export function checkRange(r: HistoryRange): HistoryRange {
  if ("range" in r) {
    if (!(HISTORY_RANGES as readonly string[]).includes(r.range))
      throw new MarketInputError("range", `range must be one of ${HISTORY_RANGES.join(", ")}, got "${r.range}"`);
    return r;
  }
  if (!isIsoDate(r.start)) throw new MarketInputError("start", `start must be a YYYY-MM-DD date, got "${r.start}"`);
  if (!isIsoDate(r.end)) throw new MarketInputError("end", `end must be a YYYY-MM-DD date, got "${r.end}"`);
  if (r.start > r.end) throw new MarketInputError("start", `start ${r.start} is after end ${r.end}`);
  return r;
}

/** The first day a named range covers, as of `todayIso` (null for "max"). */
export function rangeStart(range: RangeName, todayIso: string): string | null {
  return range === "max" ? null : addDays(todayIso, -RANGE_DAYS[range]);
}

/** The smallest named range reaching back to `start` from `todayIso` (for APIs that take only names). */
export function rangeCovering(start: string, todayIso: string): RangeName {
  const days = daysBetween(start, todayIso);
  for (const [name, n] of Object.entries(RANGE_DAYS) as [RangeName, number][]) if (days <= n) return name;
  return "max";
}
