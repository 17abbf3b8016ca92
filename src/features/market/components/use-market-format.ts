"use client";

import { useLocale } from "next-intl";

const valid = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isFinite(n);

/** Money in the asset's currency (BRL: R$ 1.234,56 in pt-BR), percentages, compact market caps and days, per locale. */
export function useMarketFormat() {
  const locale = useLocale();
  return {
    locale,
    money: (n: number | null | undefined, currency = "BRL") =>
      valid(n) ? new Intl.NumberFormat(locale, { style: "currency", currency }).format(n) : "—",
    /** A fraction as a percentage (0.053 → 5,30 %). */
    pct: (n: number | null | undefined, digits = 2, signed = false) =>
      valid(n)
        ? new Intl.NumberFormat(locale, {
            style: "percent",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
            ...(signed ? { signDisplay: "exceptZero" as const } : {}),
          }).format(n)
        : "—",
    num: (n: number | null | undefined, digits = 2) =>
      valid(n)
        ? new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)
        : "—",
    /** Market cap: R$ 512,3 bi / R$512.3B. */
    compactMoney: (n: number | null | undefined, currency = "BRL") =>
      valid(n)
        ? new Intl.NumberFormat(locale, {
            style: "currency",
            currency,
            notation: "compact",
            maximumFractionDigits: 1,
          }).format(n)
        : "—",
    day: (iso: string | null | undefined) => {
      if (!iso) return "—";
      const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
      return new Intl.DateTimeFormat(locale, {
        timeZone: /^\d{4}-\d{2}-\d{2}$/.test(iso) ? "UTC" : undefined,
        dateStyle: "short",
      }).format(d);
    },
    dateTime: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" }).format(new Date(iso)) : "—",
  } as const;
}
