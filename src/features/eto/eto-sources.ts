/**
 * Which weather sources an ETo run reads: the default choice by date and region, each source's
 * slice of the range (its coverage today), and the refusal of days no chosen source covers.
 */
import type { WeatherSource } from "@/domain/eto/weather";
import { forecastRegion } from "@/domain/eto/fusion-weights";
import { dayNumber, isoDay } from "@/domain/eto/gaps";
import { coverageOn, SOURCE_COVERAGE } from "./sources";
import { coverageToday } from "./sources/coverage";

/** The weather sources' today: UTC's, not São Paulo's (why: COVERAGE_TIME_ZONE in sources/coverage.ts). */
export const todayUtc = (now: Date = new Date()): string => coverageToday(now);

/** The part of start..end a source serves today, or null when it serves none of it. */
export function sourceSlice(
  source: WeatherSource,
  start: string,
  end: string,
  today: string,
): { start: string; end: string } | null {
  const c = coverageOn(source, today);
  const s = start > c.from ? start : c.from;
  const e = end < c.to ? end : c.to;
  return s <= e ? { start: s, end: e } : null;
}

/**
 * Default sources: past days → NASA POWER + Open-Meteo archive (+ Open-Meteo forecast for the
 * recent days the archive has not reached); today and later → Open-Meteo forecast + MET Norway
 * (+ NWS in the USA).
 */
export function defaultSources(
  start: string,
  end: string,
  site: { latitude: number; longitude: number },
  today: string,
): WeatherSource[] {
  const out = new Set<WeatherSource>();
  const archiveTo = coverageOn("open-meteo-archive", today).to;
  const nasaTo = coverageOn("nasa-power", today).to;
  if (start <= nasaTo) {
    out.add("nasa-power");
    out.add("open-meteo-archive");
  }
  if (end > archiveTo && sourceSlice("open-meteo-forecast", start, end, today)) out.add("open-meteo-forecast");
  if (end > nasaTo) {
    out.add("open-meteo-forecast");
    out.add("met-norway");
    if (forecastRegion(site.latitude, site.longitude) === "usa") out.add("nws");
  }
  return [...out].filter((s) => sourceSlice(s, start, end, today));
}

/** Days of start..end that none of `sources` serves today (as runs), empty when all are covered. */
export function uncoveredDays(sources: readonly WeatherSource[], start: string, end: string, today: string): string[] {
  const slices = sources.flatMap((s) => sourceSlice(s, start, end, today) ?? []);
  const out: string[] = [];
  for (let d = dayNumber(start); d <= dayNumber(end); d++) {
    const iso = isoDay(d);
    if (!slices.some((x) => x.start <= iso && iso <= x.end)) out.push(iso);
  }
  return out;
}

/** Each source with the range it serves today (the dashboard's source picker). */
export function sourceCoverageToday(today: string) {
  return (Object.keys(SOURCE_COVERAGE) as WeatherSource[]).map((id) => ({
    id,
    ...coverageOn(id, today),
    note: SOURCE_COVERAGE[id].note,
  }));
}
