/** Calendar days and gap filling for daily series (pure). */
import { dayToIsoDate, eachDay, isoDateToDay } from "../shared/calendar";

/** Days since 1970-01-01 of a YYYY-MM-DD calendar day (NaN when it is not one). */
export const dayNumber = (iso: string): number => isoDateToDay(iso) ?? NaN;

/** The YYYY-MM-DD day `n` days after 1970-01-01. */
export const isoDay = (n: number): string => dayToIsoDate(n);

/** Every day from `start` to `end`, inclusive, ascending. */
export function daysBetween(start: string, end: string): string[] {
  if (Number.isNaN(dayNumber(start)) || Number.isNaN(dayNumber(end)))
    throw new RangeError(`not a date range: ${start}..${end}`);
  return eachDay(start, end);
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
