"use client";

import { useFormatter } from "next-intl";

const utcDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Calendar days ("YYYY-MM-DD") and numbers in the viewer's locale; days are read in UTC so they never shift. */
export function useProjectFormat() {
  const f = useFormatter();
  return {
    day: (iso: string | null | undefined) =>
      iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? f.dateTime(utcDay(iso), { timeZone: "UTC", dateStyle: "medium" }) : "—",
    shortDay: (iso: string) =>
      f.dateTime(utcDay(iso), { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "2-digit" }),
    /** A moment (ms) as a short date in the viewer's timezone. */
    shortInstant: (ms: number) => f.dateTime(new Date(ms), { day: "2-digit", month: "2-digit", year: "2-digit" }),
    /** A timestamp's day in the viewer's timezone. */
    madeOn: (isoTime: string) => f.dateTime(new Date(isoTime), { dateStyle: "medium" }),
    num: (n: number, digits = 1) => f.number(n, { maximumFractionDigits: digits }),
    pct: (p: number) => f.number(p, { style: "percent", maximumFractionDigits: 1 }),
  };
}
