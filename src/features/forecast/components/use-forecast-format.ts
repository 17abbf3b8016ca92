"use client";

import { useFormatter, useTranslations } from "next-intl";

/** Locale-aware formatting for forecast results: calendar days, percents, numbers and period counts. */
export function useForecastFormat(periodDays?: unknown) {
  const format = useFormatter();
  const t = useTranslations("Result");
  const unit = typeof periodDays === "number" ? (periodDays === 7 ? "week" : periodDays === 1 ? "day" : "other") : "week";
  return {
    unit,
    /** "YYYY-MM-DD" as a medium date in the locale ("Jul 29, 2024", "29 de jul. de 2024"); the text itself otherwise. */
    day: (iso: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
      const d = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : format.dateTime(d, { timeZone: "UTC", dateStyle: "medium" });
    },
    pct: (p: number, digits = 1) => format.number(p, { style: "percent", maximumFractionDigits: digits }),
    num: (n: number, digits = 1) => format.number(n, { maximumFractionDigits: digits }),
    /** "30 weeks", "1 day", "4 periods". */
    periods: (count: number) => t("periods", { unit, count }),
  } as const;
}
