/**
 * Relative date ranges for eto.compute (what a nightly schedule asks for): `lastDays` — the N full
 * days ending yesterday — and named periods, resolved against a clock in the place's own time zone
 * (America/Sao_Paulo, UTC−3, when the place has none). Pure: the clock is an argument.
 */
import { z } from "zod";
import { dayNumber, isoDay } from "@/domain/eto/gaps";
import { DEFAULT_TIME_ZONE, today } from "@/domain/shared/dates";
export const ETO_PERIODS = ["last-month", "this-month", "next-7-days"] as const;
export type EtoPeriod = (typeof ETO_PERIODS)[number];
export const MAX_LAST_DAYS = 366;

export const ZLastDays = z
  .number({ error: "lastDays must be a number of days" })
  .refine(
    (n) => Number.isInteger(n) && n >= 1 && n <= MAX_LAST_DAYS,
    `lastDays must be a whole number of days 1..${MAX_LAST_DAYS}`,
  );
export const ZPeriod = z.enum(ETO_PERIODS, { error: `period must be one of ${ETO_PERIODS.join(", ")}` });

/** A relative range as a queued run keeps it (resolved again at each run). */
export const ZRelativeRange = z.union([
  z.object({ lastDays: ZLastDays }).strict(),
  z.object({ period: ZPeriod }).strict(),
]);
export type TRelativeRange = z.output<typeof ZRelativeRange>;

/** Today's calendar day in `timezone` (default São Paulo) at `now`. */
export function localToday(timezone: string | null | undefined, now: Date): string {
  return today(now, timezone || DEFAULT_TIME_ZONE);
}

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;

/**
 * The days a relative range means at `now` in `timezone`:
 * lastDays N → the N days ending yesterday; last-month → the previous calendar month;
 * this-month → the 1st of this month through today (month to date); next-7-days → today and the 6 after.
 */
export function resolveRelativeRange(
  r: TRelativeRange,
  timezone: string | null | undefined,
  now: Date,
): { start: string; end: string } {
  const today = localToday(timezone, now);
  const t = dayNumber(today);
  if ("lastDays" in r) return { start: isoDay(t - r.lastDays), end: isoDay(t - 1) };
  switch (r.period) {
    case "last-month": {
      const end = isoDay(dayNumber(monthStart(today)) - 1);
      return { start: monthStart(end), end };
    }
    case "this-month":
      return { start: monthStart(today), end: today };
    case "next-7-days":
      return { start: today, end: isoDay(t + 6) };
  }
}
