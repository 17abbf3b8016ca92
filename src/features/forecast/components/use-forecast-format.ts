"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";

/** Locale-aware formatting for forecast results: calendar days, percents, numbers and period counts. */
export function useForecastFormat(periodDays?: unknown) {
  const format = useFormatter();
  const locale = useLocale();
  const t = useTranslations("Result");
  const unit =
    typeof periodDays === "number" ? (periodDays === 7 ? "week" : periodDays === 1 ? "day" : "other") : "week";
  return {
    unit,
    /** Calendar day "YYYY-MM-DD": as is in English (unambiguous), dd/mm/aaaa in Portuguese (the locale's short date). */
    day: (iso: string) => {
      if (locale.startsWith("en") || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
      const d = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(d.getTime())
        ? iso
        : format.dateTime(d, { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" });
    },
    pct: (p: number, digits = 1) => format.number(p, { style: "percent", maximumFractionDigits: digits }),
    num: (n: number, digits = 1) => format.number(n, { maximumFractionDigits: digits }),
    /** "30 weeks", "1 day", "4 periods". */
    periods: (count: number) => t("periods", { unit, count }),
  } as const;
}
