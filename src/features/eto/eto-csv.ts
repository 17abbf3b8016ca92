/**
 * An eto.compute result as CSV: one row per day — ETo, Open-Meteo's ETo, the fused inputs, how
 * radiation and humidity entered the engine, and where each input came from.
 */
import { writeCsv } from "@/domain/shared/csv";
import type { VariableProvenance } from "@/domain/eto/fusion";
import { RESULT_INPUTS, type EtoResultDay } from "./eto-result";

const COLUMN: Record<(typeof RESULT_INPUTS)[number], string> = {
  tmaxC: "tmax_c",
  tminC: "tmin_c",
  rhmaxPct: "rhmax_pct",
  rhminPct: "rhmin_pct",
  rhmeanPct: "rhmean_pct",
  tdewC: "tdew_c",
  wind2mMs: "wind2m_ms",
  rsMJm2: "rs_mj_m2",
  precipMm: "precip_mm",
};

/** "nasa-power 0.58; open-meteo-archive 0.42", "interpolated 2024-01-03..2024-01-07", "estimated hargreaves-rs", "missing". */
export function provenanceText(p: VariableProvenance | undefined): string {
  if (!p) return "";
  switch (p.kind) {
    case "fused":
      return p.sources.map((s) => `${s.source} ${s.weight}`).join("; ");
    case "interpolated":
      return `interpolated ${p.between[0]}..${p.between[1]}`;
    case "estimated":
      return `estimated ${p.method}`;
    case "missing":
      return "missing";
  }
}

export class EtoCsvError extends Error {
  override readonly name = "EtoCsvError";
}

/** The columns of one day (an eto.compute CSV's, and a batch CSV's after the place's). */
const DAY_HEADER = [
  "date",
  "eto_mm",
  "reference_eto_mm",
  ...RESULT_INPUTS.map((v) => COLUMN[v]),
  "rs_method",
  "ea_method",
  ...RESULT_INPUTS.map((v) => `${COLUMN[v]}_source`),
];

const dayCells = (d: EtoResultDay) => [
  d.date,
  d.etoMm,
  d.referenceEtoMm,
  ...RESULT_INPUTS.map((v) => d.inputs?.[v] ?? null),
  d.intermediates?.rsMethod ?? null,
  d.intermediates?.eaMethod ?? null,
  ...RESULT_INPUTS.map((v) => provenanceText(d.provenance?.[v])),
];

const daysOf = (result: unknown): EtoResultDay[] | null => {
  const days = (result as { days?: unknown } | null)?.days;
  return Array.isArray(days) ? (days as EtoResultDay[]) : null;
};

export function etoResultToCsv(result: unknown): string {
  const days = daysOf(result);
  if (!days) throw new EtoCsvError("the run has no daily ETo to export");
  return writeCsv([DAY_HEADER, ...days.map(dayCells)]);
}

type PlaceOfResult = { id?: string | null; name?: string | null; latitude?: number; longitude?: number };

/**
 * An ETo batch's places as CSV: a row per place and day — the place's number in the batch (from 1),
 * its saved location's id, name and coordinates, then the columns of an eto.compute CSV. `places`
 * are eto.compute results with their number in the batch (from 0), in the order to write.
 */
export function etoBatchToCsv(places: readonly { index: number; result: unknown }[]): string {
  const header = ["place", "location_id", "name", "latitude", "longitude", ...DAY_HEADER];
  const rows = places.flatMap(({ index, result }) => {
    const loc = (result as { location?: PlaceOfResult } | null)?.location ?? {};
    const place = [index + 1, loc.id ?? null, loc.name ?? null, loc.latitude ?? null, loc.longitude ?? null];
    return (daysOf(result) ?? []).map((d) => [...place, ...dayCells(d)]);
  });
  return writeCsv([header, ...rows]);
}
