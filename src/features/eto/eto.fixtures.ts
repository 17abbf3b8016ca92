/** Injected weather for the eto.compute tests (test-only). */
import { daysBetween } from "@/domain/eto/gaps";
import { emptyRow, type SourceSeries, type WeatherSource } from "@/domain/eto/weather";

/**
 * A São Paulo-like summer day per source (slightly different per source); Open-Meteo also gives a
 * reference ETo of 4.5 mm a day. With `flaky`, NASA reports a non-finite tmax now and then (QC
 * refuses it) and misses days 100..101 entirely.
 */
export function summerSeries(
  source: WeatherSource,
  start: string,
  end: string,
  o: { flaky?: boolean } = {},
): SourceSeries {
  const bias = source === "nasa-power" ? 0 : 0.8;
  const flaky = o.flaky === true && source === "nasa-power";
  const days = daysBetween(start, end)
    .map((date, i) => ({
      ...emptyRow(date),
      tmaxC: flaky && i % 50 === 7 ? Number.NaN : 29 + bias + Math.sin(i),
      tminC: 19 + bias,
      rhmaxPct: 92,
      rhminPct: 55,
      wind2mMs: 1.8,
      rsMJm2: 20 + 2 * Math.cos(i),
      precipMm: i % 3 ? 0 : 8,
    }))
    .filter((_, i) => !flaky || i < 100 || i > 101);
  const ref = Object.fromEntries(days.map((d) => [d.date, 4.5] as [string, number]));
  return { source, elevationM: 760, days, ...(source === "open-meteo-archive" ? { referenceEtoMm: ref } : {}) };
}
