/** Calendar-day and local-time helpers for the sources (UTC-based arithmetic, no library). */

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from start to end inclusive. */
export function dateRange(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

export function utcDate(t: Date | number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** "2024-01-31" → "20240131" and back. */
export const compact = (d: string) => d.replaceAll("-", "");
export const expand = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/** How a place's local day is found: an IANA zone, a fixed offset, or longitude/15 h. */
export interface LocalTime {
  timezone?: string;
  utcOffsetMinutes?: number;
  longitude: number;
}

/** A function from a UTC instant (ms) to the offset (minutes east of UTC) in force there. */
export function offsetResolver(t: LocalTime): (utcMs: number) => number {
  if (t.timezone) {
    const fmt = new Intl.DateTimeFormat("en-US", { timeZone: t.timezone, timeZoneName: "longOffset" });
    return (ms) => {
      const name = fmt.formatToParts(ms).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
      const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
      if (!m) return 0;
      return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
    };
  }
  const fixed = t.utcOffsetMinutes ?? Math.round(t.longitude / 15) * 60;
  return () => fixed;
}

/** Throws RangeError for a zone name Intl does not know. */
export function assertTimezone(tz: string): void {
  new Intl.DateTimeFormat("en-US", { timeZone: tz });
}

/** The local calendar day of a UTC instant. */
export function localDate(utcMs: number, offset: (ms: number) => number): string {
  return utcDate(utcMs + offset(utcMs) * 60_000);
}
