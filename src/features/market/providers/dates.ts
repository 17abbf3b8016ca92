/** Day arithmetic for the providers: exchange-local dates from Unix seconds, ranges to dates. */
import { MarketInputError } from "./errors";
import { HISTORY_RANGES, type HistoryRange, type RangeName } from "./types";

export const B3_TIME_ZONE = "America/Sao_Paulo";
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) at Unix seconds `ts` in `timeZone`. */
export function localDate(ts: number, timeZone = B3_TIME_ZONE): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(ts * 1000));
}

/** The calendar day at Unix seconds `ts` shifted by a fixed UTC offset (seconds). */
export const offsetDate = (ts: number, gmtoffset: number) =>
  new Date((ts + gmtoffset) * 1000).toISOString().slice(0, 10);

export const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export const today = (now = new Date()) => localDate(Math.floor(now.getTime() / 1000));

const ISO = /^\d{4}-\d{2}-\d{2}$/;
export function isIsoDate(s: string): boolean {
  if (!ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Calendar days each named range reaches back. */
const RANGE_DAYS: Record<Exclude<RangeName, "max">, number> = {
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
  const days = Math.round((Date.parse(`${todayIso}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
  for (const [name, n] of Object.entries(RANGE_DAYS) as [RangeName, number][]) if (days <= n) return name;
  return "max";
}
