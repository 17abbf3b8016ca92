/**
 * The work of one eto.compute run: elevation (when not known), each source fetched over the part of
 * the range it serves (a failing source is recorded and the others go on), fusion + QC, the FAO-56
 * engine over the fused days, then the summary and the comparison with Open-Meteo's own ETo. I/O is
 * injected (`deps`) so the pipeline is tested without servers.
 */
import { etoDailySeries, EtoInputError, type EtoSeriesDayResult } from "@/domain/eto";
import { fuseDailyWeather, InsufficientWeatherError, type FusedDay, type FusionResult } from "@/domain/eto/fusion";
import type { SourceSeries, WeatherSource } from "@/domain/eto/weather";
import { NonRetriableError } from "@/runs/errors";
import type { TEtoComputeResolved } from "./eto-compute.schemas";
import { sourceSlice } from "./eto-sources";
import { WeatherSourceError } from "./sources";
import { comparison, summarise, toResultDay, type EtoResultDay, type FailedSource } from "./eto-result";

export interface ComputeDeps {
  fetchDailyWeather(
    source: WeatherSource,
    q: { latitude: number; longitude: number; start: string; end: string; elevationM?: number; timezone?: string },
    o: { signal?: AbortSignal },
  ): Promise<SourceSeries>;
  lookupElevation(latitude: number, longitude: number, o: { signal?: AbortSignal }): Promise<number>;
  today: string;
}

export interface ComputeContext {
  signal: AbortSignal;
  progress(fraction: number, stage?: string, message?: string): void;
  log(message: string, level?: "info" | "warn" | "error"): Promise<void>;
}

export async function computeEto(input: TEtoComputeResolved, ctx: ComputeContext, deps: ComputeDeps) {
  const loc = input.location;
  let elevation = loc.elevation;
  let elevationSource = loc.elevationSource;
  if (elevation === null) {
    ctx.progress(0.01, "elevation", "looking up the elevation");
    try {
      elevation = await deps.lookupElevation(loc.latitude, loc.longitude, { signal: ctx.signal });
      elevationSource = "lookup";
    } catch (e) {
      if (e instanceof WeatherSourceError)
        throw new NonRetriableError(`elevation: ${e.message}; enter the elevation to compute without the lookup`);
      throw e;
    }
  }

  // Fetch: 5 % .. 65 %, one share per source, in parallel; a source's failure is recorded.
  const failedSources: FailedSource[] = [];
  const fetched: SourceSeries[] = [];
  let done = 0;
  const share = 0.6 / input.sources.length;
  ctx.progress(0.05, "fetch", `fetching ${input.sources.join(", ")}`);
  await Promise.all(
    input.sources.map(async (source) => {
      const slice = sourceSlice(source, input.start, input.end, deps.today);
      try {
        if (!slice)
          throw new WeatherSourceError(source, "out-of-range", `serves none of ${input.start}..${input.end} today`);
        const s = await deps.fetchDailyWeather(
          source,
          {
            latitude: loc.latitude,
            longitude: loc.longitude,
            ...slice,
            elevationM: elevation ?? undefined,
            ...(loc.timezone ? { timezone: loc.timezone } : {}),
          },
          { signal: ctx.signal },
        );
        fetched.push(s);
        ctx.progress(0.05 + ++done * share, `fetch:${source}`, `${source}: ${s.days.length} days`);
      } catch (e) {
        ctx.signal.throwIfAborted();
        if (!(e instanceof WeatherSourceError)) throw e;
        failedSources.push({ source, kind: e.kind, message: e.message });
        await ctx.log(`${source} failed (${e.kind}): ${e.message}; going on without it`, "warn");
        ctx.progress(0.05 + ++done * share, `fetch:${source}`, `${source} failed: ${e.kind}`);
      }
    }),
  );
  ctx.signal.throwIfAborted();
  // Fusion sees the sources in the order asked for (results arrive in any order).
  fetched.sort((a, b) => input.sources.indexOf(a.source) - input.sources.indexOf(b.source));

  ctx.progress(0.7, "fusion", "fusing and checking the sources");
  let fused: FusionResult;
  try {
    fused = fuseDailyWeather(fetched, {
      start: input.start,
      end: input.end,
      site: loc,
      weights: input.weights,
      gapMaxDays: input.gapMaxDays,
      allowDefaultWind: input.allowDefaultWind,
    });
  } catch (e) {
    if (e instanceof InsufficientWeatherError) {
      const why = failedSources.map((f) => `${f.source} — ${f.kind}: ${f.message}`).join("; ");
      throw new NonRetriableError(why ? `${e.message}. Failed sources: ${why}` : e.message, { cause: e });
    }
    throw e;
  }
  ctx.progress(
    0.8,
    "qc",
    `${fused.rejectedCount} value(s) refused by QC, ${fused.interpolatedDays} day(s) interpolated`,
  );

  ctx.progress(0.85, "eto", `FAO-56 ${input.method} over ${fused.days.length} days`);
  let eto: EtoSeriesDayResult[];
  try {
    eto = etoDailySeries(
      fused.days.map((d: FusedDay) => ({ date: d.date, ...d.values })),
      { latitude: loc.latitude, elevation: elevation! },
      input.method,
      { allowDefaultWind: input.allowDefaultWind },
    );
  } catch (e) {
    if (e instanceof EtoInputError) throw new NonRetriableError(e.message, { cause: e });
    throw e;
  }

  const days: EtoResultDay[] = fused.days.map((d, i) => toResultDay(d, eto[i]!));
  ctx.progress(0.97, "summary");
  return {
    location: { ...loc, elevation: elevation!, elevationSource },
    range: { start: input.start, end: input.end, ...(input.relative ? { relative: input.relative } : {}) },
    method: input.method,
    sources: input.sources,
    days,
    summary: summarise(days, fused, failedSources),
    comparison: comparison(days),
    qc: { rejected: fused.rejected.slice(0, 50), rejectedCount: fused.rejectedCount },
  };
}
