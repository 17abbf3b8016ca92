/**
 * Pure helpers of the ETo dashboard's forms: form text → the server's inputs, checked with the
 * server's own zod schemas (ZEtoStartInput, ZCreateLocation, ZUpdateLocation), issues mapped back
 * to the form field they belong to; the default date range and the default sources for a range.
 */
import type { z } from "zod";
import { forecastRegion } from "@/domain/eto/fusion-weights";
import type { WeatherSource } from "@/domain/eto/weather";
import { num, type Path, type TabSpec } from "@/components/form/form-kit";
import { ZCreateLocation, ZEtoStartInput, ZUpdateLocation } from "../eto-compute.schemas";

/** Display names (proper nouns, the same in every language). */
export const SOURCE_NAMES: Record<WeatherSource, string> = {
  "nasa-power": "NASA POWER",
  "open-meteo-archive": "Open-Meteo archive",
  "open-meteo-forecast": "Open-Meteo forecast",
  "met-norway": "MET Norway",
  nws: "NWS",
};
export const sourceName = (s: string) => SOURCE_NAMES[s as WeatherSource] ?? s;

export interface ComputeValues {
  locationId: string;
  start: string;
  end: string;
  sources: string[];
  method: "fao56" | "asce";
  gapMaxDays: string;
}

const p2 = (n: number) => String(n).padStart(2, "0");

/** The previous full calendar month before `today` (YYYY-MM-DD), e.g. 2026-11-26 → 2026-10-01..2026-10-31. */
export function lastMonth(today: string): { start: string; end: string } {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const days = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  return { start: `${py}-${p2(pm)}-01`, end: `${py}-${p2(pm)}-${p2(days)}` };
}

export const computeDefaults = (): ComputeValues => ({
  locationId: "",
  start: "",
  end: "",
  sources: [],
  method: "fao56",
  gapMaxDays: "",
});

export interface CoverageRow {
  id: WeatherSource;
  from: string;
  to: string;
}

/**
 * The sources the server picks when none are named (eto-sources.ts `defaultSources`), from the
 * coverage `eto.sources` reports today: past days → NASA POWER + Open-Meteo archive (+ Open-Meteo
 * forecast for recent days the archive lacks); later days → Open-Meteo forecast + MET Norway (+ NWS in the USA).
 */
export function defaultSourcesFor(
  start: string,
  end: string,
  site: { latitude: number; longitude: number } | null,
  coverage: readonly CoverageRow[],
): WeatherSource[] {
  const cov = (id: WeatherSource) => coverage.find((c) => c.id === id);
  const serves = (id: WeatherSource) => {
    const c = cov(id);
    return !!c && (start > c.from ? start : c.from) <= (end < c.to ? end : c.to);
  };
  const nasaTo = cov("nasa-power")?.to ?? "";
  const archiveTo = cov("open-meteo-archive")?.to ?? "";
  const out = new Set<WeatherSource>();
  if (start <= nasaTo) {
    out.add("nasa-power");
    out.add("open-meteo-archive");
  }
  if (end > archiveTo && serves("open-meteo-forecast")) out.add("open-meteo-forecast");
  if (end > nasaTo) {
    out.add("open-meteo-forecast");
    out.add("met-norway");
    if (site && forecastRegion(site.latitude, site.longitude) === "usa") out.add("nws");
  }
  return [...out].filter(serves);
}

type StartOutput = z.output<typeof ZEtoStartInput>;

export const computeSpec: TabSpec<ComputeValues, StartOutput> = {
  schema: ZEtoStartInput,
  toCandidate: (v) => {
    const c: Record<string, unknown> = { method: v.method };
    // An empty date is left out: the schema then asks for it by name ("start is required (with end)").
    if (v.start) c.start = v.start;
    if (v.end) c.end = v.end;
    if (v.locationId) c.locationId = v.locationId;
    c.sources = v.sources;
    const gap = num(v.gapMaxDays);
    if (gap !== undefined) c.gapMaxDays = gap;
    return c;
  },
  fieldFor: (path: Path) => {
    const head = path[0];
    if (head === "locationId" || head === "latitude" || head === "longitude") return ["locationId"];
    if (head === "start" || head === "end" || head === "method" || head === "gapMaxDays" || head === "sources")
      return [head];
    return null;
  },
};

export interface LocationDraft {
  name: string;
  latitude: string;
  longitude: string;
  elevation: string;
  timezone: string;
}
export const EMPTY_LOCATION: LocationDraft = { name: "", latitude: "", longitude: "", elevation: "", timezone: "" };

/** A saved location back to form text. */
export function draftOf(l: {
  name: string;
  latitude: number;
  longitude: number;
  elevation: number | null;
  elevationSource: string;
  timezone: string | null;
}): LocationDraft {
  return {
    name: l.name,
    latitude: String(l.latitude),
    longitude: String(l.longitude),
    elevation: l.elevationSource === "entered" && l.elevation !== null ? String(l.elevation) : "",
    timezone: l.timezone ?? "",
  };
}

/** The first message per top-level field of a failed parse. */
function firstPerField(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? "name")] ??= i.message;
  return out;
}

/**
 * A location form checked with the server's schema: the input to send, or the message per field.
 * Empty elevation → looked up (create); on edit, kept as looked up (the server looks it up again
 * when the point moves) or, if it had been entered, looked up now. Empty time zone → none.
 */
export function checkLocation(
  d: LocationDraft,
  editing?: { id: string; elevationLookedUp: boolean },
): { ok: true; input: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const c = locationCandidate(d, editing);
  const r = (editing === undefined ? ZCreateLocation : ZUpdateLocation).safeParse(c);
  return r.success ? { ok: true, input: c } : { ok: false, errors: firstPerField(r.error.issues) };
}

/** The location form's text as the create (or, when editing, the update) input. */
export function locationCandidate(
  d: LocationDraft,
  editing?: { id: string; elevationLookedUp: boolean },
): Record<string, unknown> {
  const base: Record<string, unknown> = { name: d.name, latitude: num(d.latitude), longitude: num(d.longitude) };
  const elevation = num(d.elevation);
  const tz = (d.timezone ?? "").trim();
  if (editing === undefined)
    return { ...base, ...(elevation !== undefined ? { elevation } : {}), ...(tz ? { timezone: tz } : {}) };
  const keep = elevation === undefined && editing.elevationLookedUp;
  return { id: editing.id, ...base, ...(keep ? {} : { elevation: elevation ?? null }), timezone: tz || null };
}

const LOCATION_FIELDS: readonly string[] = ["name", "latitude", "longitude", "elevation", "timezone"];

/** The location form's spec for react-hook-form: the create or update schema; input paths are the fields' names. */
export function locationSpec(editing?: {
  id: string;
  elevationLookedUp: boolean;
}): TabSpec<LocationDraft, z.output<typeof ZCreateLocation> | z.output<typeof ZUpdateLocation>> {
  return {
    schema: editing === undefined ? ZCreateLocation : ZUpdateLocation,
    toCandidate: (d) => locationCandidate(d, editing),
    fieldFor: (path) => (LOCATION_FIELDS.includes(String(path[0])) ? [String(path[0])] : null),
  };
}
