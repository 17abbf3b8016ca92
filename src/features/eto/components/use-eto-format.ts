"use client";

import { useFormatter, useLocale } from "next-intl";

/** Locale-aware numbers and calendar days for the ETo dashboard (dd/mm/aaaa in Portuguese). */
export function useEtoFormat() {
  const format = useFormatter();
  const locale = useLocale();
  return {
    day: (iso: string) => {
      if (locale.startsWith("en") || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
      return format.dateTime(new Date(`${iso}T00:00:00Z`), {
        timeZone: "UTC",
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
      });
    },
    num: (n: number | null | undefined, digits = 1) =>
      n === null || n === undefined || !Number.isFinite(n)
        ? "—"
        : format.number(n, { maximumFractionDigits: digits, minimumFractionDigits: digits }),
    /** Degrees as entered (up to 4 decimals, no padding). */
    coord: (n: number) => format.number(n, { maximumFractionDigits: 4 }),
  } as const;
}
