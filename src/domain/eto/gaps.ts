/** Calendar days and gap filling for daily series (pure). */

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of a YYYY-MM-DD calendar day (NaN when it is not one). */
export function dayNumber(iso: string): number {
  if (!ISO_DAY.test(iso)) return NaN;
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== iso) return NaN;
  return t / DAY_MS;
}

/** The YYYY-MM-DD day `n` days after 1970-01-01. */
export const isoDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Every day from `start` to `end`, inclusive, ascending. */
export function daysBetween(start: string, end: string): string[] {
  const a = dayNumber(start);
  const b = dayNumber(end);
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError(`not a date range: ${start}..${end}`);
  const out: string[] = [];
  for (let d = a; d <= b; d++) out.push(isoDay(d));
  return out;
}

/**
 * Fills interior runs of nulls no longer than `maxLen` by linear interpolation between the values on
 * either side. Runs at either end (nothing to interpolate towards) and longer runs stay null — they
 * are not extrapolated. Returns the filled series and the indices filled.
 */
export function fillGaps(
  values: readonly (number | null)[],
  maxLen: number,
): { values: (number | null)[]; filled: number[] } {
  const out = values.slice();
  const filled: number[] = [];
  let i = 0;
  while (i < out.length) {
    if (out[i] !== null) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && out[j] === null) j++;
    const len = j - i;
    if (i > 0 && j < out.length && len <= maxLen) {
      const a = out[i - 1]!;
      const b = out[j]!;
      for (let k = i; k < j; k++) {
        out[k] = a + ((b - a) * (k - i + 1)) / (len + 1);
        filled.push(k);
      }
    }
    i = j;
  }
  return { values: out, filled };
}
