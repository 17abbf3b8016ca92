/** ISO-8601 durations and `start/duration` intervals as NWS writes them (PT1H, PT6H, P2DT3H, …). */

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const HOUR_MS = 3_600_000;

/** Whole hours in a duration such as PT1H, PT13H, P1DT6H, P2DT3H. Minutes/seconds must make whole hours. */
export function durationHours(d: string): number {
  const m = DURATION.exec(d);
  if (!m || d === "P" || d.endsWith("T")) throw new RangeError(`not an ISO-8601 duration: "${d}"`);
  const [w, days, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const seconds = (((w * 7 + days) * 24 + h) * 60 + min) * 60 + s;
  if (seconds <= 0 || seconds % 3600 !== 0) throw new RangeError(`duration "${d}" is not a whole number of hours`);
  return seconds / 3600;
}

/** "2025-11-28T00:00:00+00:00/PT6H" → the start (ms) and length (h). */
export function parseInterval(validTime: string): { startMs: number; hours: number } {
  const slash = validTime.indexOf("/");
  if (slash < 0) throw new RangeError(`not a start/duration interval: "${validTime}"`);
  const startMs = Date.parse(validTime.slice(0, slash));
  if (Number.isNaN(startMs)) throw new RangeError(`bad interval start: "${validTime}"`);
  return { startMs, hours: durationHours(validTime.slice(slash + 1)) };
}

/** The start (ms) of every hour an interval covers. */
export function expandToHours(validTime: string): number[] {
  const { startMs, hours } = parseInterval(validTime);
  return Array.from({ length: hours }, (_, i) => startMs + i * HOUR_MS);
}
