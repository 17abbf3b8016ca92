/**
 * US National Weather Service: /points/{lat},{lon} (404 outside the US) → /gridpoints/{gridId}/{x},{y}.
 * Each layer is {uom, values:[{validTime:"start/duration", value}]}: expanded to hours, then to
 * local days (the point's timeZone unless the caller gives one). Wind km/h at 10 m; no radiation.
 */
import { z } from "zod";
import { windAt2m, type SourceSeries } from "@/domain/eto/weather";
import { DailyAccumulator } from "./aggregate";
import { sourcesConfig } from "./config";
import { offsetResolver } from "./dates";
import { WeatherSourceError } from "./errors";
import { httpGet, parseJson } from "./http";
import { parseInterval } from "./iso-duration";
import type { FetchOptions, WeatherQuery } from "./types";

const ZPoint = z.object({
  properties: z.object({
    gridId: z.string().min(1),
    gridX: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
    gridY: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
    timeZone: z.string().optional(),
  }),
});

const layer = (uoms: string[]) =>
  z.object({
    uom: z.string().refine((u) => uoms.includes(u), { message: `unit must be one of ${uoms.join(", ")}` }),
    values: z.array(
      z.object({
        validTime: z.string().regex(/^[^/]+\/P[0-9WDTHMS]+$/, "must be start/duration"),
        value: z.number().nullable(),
      }),
    ),
  });
const degC = layer(["wmoUnit:degC"]);
const ZGrid = z.object({
  properties: z.object({
    elevation: z.object({ unitCode: z.literal("wmoUnit:m"), value: z.number().nullable() }).optional(),
    temperature: degC,
    maxTemperature: degC.optional(),
    minTemperature: degC.optional(),
    dewpoint: degC.optional(),
    relativeHumidity: layer(["wmoUnit:percent"]).optional(),
    windSpeed: layer(["wmoUnit:km_h-1", "wmoUnit:m_s-1"]).optional(),
    quantitativePrecipitation: layer(["wmoUnit:mm"]).optional(),
  }),
});
type Layer = z.infer<typeof degC>;

const coord = (x: number) => x.toFixed(4).replace(/\.?0+$/, "");

export async function fetchNws(q: WeatherQuery, o: FetchOptions = {}): Promise<SourceSeries> {
  const base = sourcesConfig().urls.nws;
  const headers = { Accept: "application/geo+json" };
  const pr = await httpGet({
    source: "nws",
    url: `${base}/points/${coord(q.latitude)},${coord(q.longitude)}`,
    headers,
    signal: o.signal,
    pass: [404],
  });
  if (pr.status === 404)
    throw new WeatherSourceError(
      "nws",
      "out-of-range",
      `no forecast for ${q.latitude}, ${q.longitude}: NWS covers only the United States and its territories`,
      { status: 404, field: "latitude/longitude" },
    );
  const point = parseJson("nws", pr.text, ZPoint, "points response").properties;
  const grid = await httpGet({
    source: "nws",
    url: `${base}/gridpoints/${encodeURIComponent(point.gridId)}/${point.gridX},${point.gridY}`,
    headers,
    signal: o.signal,
  });
  const g = parseJson("nws", grid.text, ZGrid, "gridpoints response").properties;
  return aggregateNws(g, {
    ...q,
    timezone: q.timezone ?? (q.utcOffsetMinutes === undefined ? point.timeZone : undefined),
  });
}

/** Each value of a layer with its interval (bad intervals are a bad response, naming the layer). */
function each(name: string, l: Layer | undefined, f: (startMs: number, hours: number, v: number) => void): void {
  l?.values.forEach((x, i) => {
    if (x.value === null) return;
    let iv;
    try {
      iv = parseInterval(x.validTime);
    } catch (e) {
      throw new WeatherSourceError("nws", "bad-response", `${name}.values.${i}.validTime: ${(e as Error).message}`, {
        path: `properties.${name}.values.${i}.validTime`,
      });
    }
    f(iv.startMs, iv.hours, x.value);
  });
}

export function aggregateNws(g: z.infer<typeof ZGrid>["properties"], q: WeatherQuery): SourceSeries {
  const acc = new DailyAccumulator(offsetResolver(q));
  const windFactor = g.windSpeed?.uom === "wmoUnit:km_h-1" ? 1 / 3.6 : 1;
  each("temperature", g.temperature, (t, h, v) => acc.addState(t, h, { tempC: v }, "all"));
  each("relativeHumidity", g.relativeHumidity, (t, h, v) => acc.addState(t, h, { rhPct: v }, "all"));
  each("dewpoint", g.dewpoint, (t, h, v) => acc.addState(t, h, { tdewC: v }, "all"));
  each("windSpeed", g.windSpeed, (t, h, v) => acc.addState(t, h, { wind2mMs: windAt2m(v * windFactor, 10) }, "all"));
  each("maxTemperature", g.maxTemperature, (t, h, v) => acc.addExtreme(t, h, { maxC: v }));
  each("minTemperature", g.minTemperature, (t, h, v) => acc.addExtreme(t, h, { minC: v }));
  each("quantitativePrecipitation", g.quantitativePrecipitation, (t, h, v) => acc.addAmount(t, h, v));
  return { source: "nws", elevationM: g.elevation?.value ?? null, days: acc.rows(q.start, q.end) };
}
