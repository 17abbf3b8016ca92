/**
 * Numbers, percentages, money and dates of a report in its locale (Intl), so the same model reads
 * "12.34%" in English and "12,34%" in Brazilian Portuguese. Missing values are an en dash.
 */
export const REPORT_LOCALES = ["en", "pt-BR"] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

export const DASH = "–";

export interface ReportFormat {
  locale: ReportLocale;
  number(v: number | null | undefined, digits?: number): string;
  percent(v: number | null | undefined, digits?: number): string;
  /** A signed percentage (+1.20 %). */
  change(v: number | null | undefined, digits?: number): string;
  money(v: number | null | undefined, currency?: string): string;
  /** Large amounts (market cap) in compact notation. */
  compactMoney(v: number | null | undefined, currency?: string): string;
  /** "YYYY-MM-DD" (or an ISO timestamp) as a calendar day of the locale. */
  day(iso: string | null | undefined): string;
  /** A timestamp with date and time (UTC stated). */
  timestamp(iso: string): string;
}

const ok = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** A calendar day as a UTC Date (no zone shifts a day). */
function utcDay(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function reportFormat(locale: ReportLocale): ReportFormat {
  const nf = new Map<string, Intl.NumberFormat>();
  const fmt = (key: string, o: Intl.NumberFormatOptions) => {
    let f = nf.get(key);
    if (!f) nf.set(key, (f = new Intl.NumberFormat(locale, o)));
    return f;
  };
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
  const tsFmt = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });
  return {
    locale,
    number: (v, digits = 2) =>
      ok(v) ? fmt(`n${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : DASH,
    percent: (v, digits = 2) =>
      ok(v)
        ? fmt(`p${digits}`, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
            v,
          )
        : DASH,
    change: (v, digits = 2) =>
      ok(v)
        ? fmt(`c${digits}`, {
            style: "percent",
            signDisplay: "exceptZero",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(v)
        : DASH,
    money: (v, currency = "BRL") => (ok(v) ? fmt(`m${currency}`, { style: "currency", currency }).format(v) : DASH),
    compactMoney: (v, currency = "BRL") =>
      ok(v)
        ? fmt(`cm${currency}`, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(v)
        : DASH,
    day: (iso) => {
      const d = iso ? utcDay(iso) : null;
      return d ? dayFmt.format(d) : DASH;
    },
    timestamp: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? DASH : `${tsFmt.format(d)} UTC`;
    },
  };
}

/** Axis tick labels of a chart value format. */
export function axisFormatter(f: ReportFormat, kind: "percent" | "number" | "index" | "money"): (v: number) => string {
  if (kind === "percent") return (v) => f.percent(v, Number.isInteger(Math.round(v * 1e6) / 1e4) ? 0 : 1);
  if (kind === "money") return (v) => f.number(v, 2);
  return (v) => f.number(v, v === 0 || Math.abs(v) >= 10 ? 0 : 1);
}
