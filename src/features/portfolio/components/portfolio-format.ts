/**
 * Pure, locale-aware formatting for the portfolio views (Intl with the active locale): percentages
 * of fractions, ratios, BRL money, calendar days ("YYYY-MM-DD", never shifted) and instants in
 * America/Sao_Paulo. `—` for a missing or non-finite value.
 */
import { DEFAULT_TIME_ZONE } from "@/i18n/locales";

export const DASH = "—";

const ok = (n: number | null | undefined): n is number => typeof n === "number" && Number.isFinite(n);

export interface PortfolioFormat {
  /** 0.1234 → "12.34%" / "12,34%". */
  pct: (n: number | null | undefined, digits?: number) => string;
  /** Like pct with a sign: "+12.3%", "−4.5%". */
  signedPct: (n: number | null | undefined, digits?: number) => string;
  /** A plain number with fixed decimals: Sharpe, beta, correlation. */
  ratio: (n: number | null | undefined, digits?: number) => string;
  num: (n: number | null | undefined, digits?: number) => string;
  /** Money in its currency (BRL by default): "R$ 1.234,50". */
  money: (n: number | null | undefined, currency?: string) => string;
  /** Large money compactly: "R$ 1,2 bi". */
  compactMoney: (n: number | null | undefined, currency?: string) => string;
  /** "2024-03-15" → "Mar 15, 2024" / "15 de mar. de 2024" (read in UTC: the day never shifts). */
  day: (iso: string | null | undefined) => string;
  /** "2024-03-15" → "03/15/24" / "15/03/24": chart axes. */
  shortDay: (iso: string) => string;
  /** An ISO timestamp in America/Sao_Paulo: "Nov 26, 2026, 10:30 AM" / "26/11/2026, 10:30". */
  instant: (iso: string | null | undefined) => string;
}

export function makePortfolioFormat(locale: string, timeZone: string = DEFAULT_TIME_ZONE): PortfolioFormat {
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, o: Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, o)));
    return f;
  };
  const utcDay = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const isDay = (iso: string | null | undefined): iso is string =>
    !!iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(utcDay(iso).getTime());
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "medium" });
  const shortFmt = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    day: "2-digit",
    month: "2-digit",
    year: "2-digit",
  });
  const instantFmt = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short" });
  const pctOpts = (digits: number, sign = false): Intl.NumberFormatOptions => ({
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    ...(sign ? { signDisplay: "exceptZero" as const } : {}),
  });
  return {
    pct: (n, digits = 2) => (ok(n) ? nf(`p${digits}`, pctOpts(digits)).format(n) : DASH),
    signedPct: (n, digits = 2) => (ok(n) ? nf(`sp${digits}`, pctOpts(digits, true)).format(n) : DASH),
    ratio: (n, digits = 2) =>
      ok(n) ? nf(`r${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n) : DASH,
    num: (n, digits = 2) => (ok(n) ? nf(`n${digits}`, { maximumFractionDigits: digits }).format(n) : DASH),
    money: (n, currency = "BRL") => (ok(n) ? nf(`m${currency}`, { style: "currency", currency }).format(n) : DASH),
    compactMoney: (n, currency = "BRL") =>
      ok(n)
        ? nf(`cm${currency}`, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(n)
        : DASH,
    day: (iso) => (isDay(iso) ? dayFmt.format(utcDay(iso)) : (iso ?? DASH)),
    shortDay: (iso) => (isDay(iso) ? shortFmt.format(utcDay(iso)) : iso),
    instant: (iso) => {
      if (!iso) return DASH;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : instantFmt.format(d);
    },
  };
}
