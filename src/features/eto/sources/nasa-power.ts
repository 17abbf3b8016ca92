/**
 * NASA POWER daily point (community=AG, so ALLSKY_SFC_SW_DWN is MJ m⁻² d⁻¹). Values sit under
 * properties.parameter.<NAME>.<YYYYMMDD>; −999 (header.fill_value) is missing. The geometry's third
 * coordinate is the MERRA-2 grid cell's mean elevation, not the site's. WS2M is already at 2 m.
 */
import { z } from "zod";
import { emptyRow, type DailyWeatherRow, type SourceSeries } from "@/domain/eto/weather";
import { sourcesConfig } from "./config";
import { eachDay } from "@/domain/shared/dates";
import { compact } from "./dates";
import { WeatherSourceError } from "./errors";
import { httpGet, parseJson } from "./http";
import type { FetchOptions, WeatherQuery } from "./types";

export const NASA_PARAMETERS = [
  "T2M_MAX",
  "T2M_MIN",
  "T2M",
  "RH2M",
  "T2MDEW",
  "WS2M",
  "ALLSKY_SFC_SW_DWN",
  "PRECTOTCORR",
] as const;
type NasaParameter = (typeof NASA_PARAMETERS)[number];

const ZNasaDaily = z.object({
  type: z.literal("Feature"),
  geometry: z.object({ coordinates: z.array(z.number()).min(2).max(3) }),
  properties: z.object({
    parameter: z.record(z.string(), z.record(z.string().regex(/^\d{8}$/, "keys must be YYYYMMDD"), z.number())),
  }),
  header: z.object({ fill_value: z.number().optional() }).passthrough(),
  parameters: z.record(z.string(), z.object({ units: z.string() }).passthrough()).optional(),
});

const ZNasaError = z.object({ messages: z.array(z.string()).optional(), message: z.string().optional() }).passthrough();

const KWH_TO_MJ = 3.6;

export async function fetchNasaPower(q: WeatherQuery, o: FetchOptions = {}): Promise<SourceSeries> {
  const { urls } = sourcesConfig();
  const u = new URL(urls.nasaPower);
  u.search = new URLSearchParams({
    parameters: NASA_PARAMETERS.join(","),
    community: "AG",
    longitude: String(q.longitude),
    latitude: String(q.latitude),
    start: compact(q.start),
    end: compact(q.end),
    format: "JSON",
  }).toString();
  const r = await httpGet({ source: "nasa-power", url: u.toString(), signal: o.signal, pass: [400, 422] });
  if (r.status !== 200) {
    let reason = r.text.slice(0, 300);
    try {
      const e = ZNasaError.parse(JSON.parse(r.text));
      reason = e.messages?.join("; ") || e.message || reason;
    } catch {
      /* keep the raw text */
    }
    throw new WeatherSourceError("nasa-power", "out-of-range", `refused the request (HTTP ${r.status}): ${reason}`, {
      status: r.status,
    });
  }
  const body = parseJson("nasa-power", r.text, ZNasaDaily, "daily point response");
  const fill = body.header.fill_value ?? -999;
  const p = body.properties.parameter;
  const rsUnits = body.parameters?.ALLSKY_SFC_SW_DWN?.units;
  let rsFactor = 1;
  if (rsUnits !== undefined) {
    if (/kW-?hr?\/m\^?2\/day/i.test(rsUnits)) rsFactor = KWH_TO_MJ;
    else if (!/MJ\/m\^?2\/day/i.test(rsUnits))
      throw new WeatherSourceError("nasa-power", "bad-response", `ALLSKY_SFC_SW_DWN in unknown units "${rsUnits}"`, {
        path: "parameters.ALLSKY_SFC_SW_DWN.units",
      });
  }
  const value = (name: NasaParameter, key: string, factor = 1): number | null => {
    const x = p[name]?.[key];
    return x === undefined || x === fill || x <= -999 ? null : x * factor;
  };
  const days: DailyWeatherRow[] = [];
  for (const date of eachDay(q.start, q.end)) {
    const k = compact(date);
    if (!Object.values(p).some((series) => k in series)) continue;
    const row = emptyRow(date);
    row.tmaxC = value("T2M_MAX", k);
    row.tminC = value("T2M_MIN", k);
    row.tmeanC = value("T2M", k);
    row.rhmeanPct = value("RH2M", k);
    row.tdewC = value("T2MDEW", k);
    row.wind2mMs = value("WS2M", k); // measured at 2 m
    row.rsMJm2 = value("ALLSKY_SFC_SW_DWN", k, rsFactor);
    row.precipMm = value("PRECTOTCORR", k);
    days.push(row);
  }
  const elev = body.geometry.coordinates[2];
  return { source: "nasa-power", elevationM: elev === undefined || elev === fill ? null : elev, days };
}
