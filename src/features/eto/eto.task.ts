/**
 * The ETo tasks: eto.compute (one place, a date range: fetch, fuse, QC, FAO-56), a batch's steps
 * (eto.computeChunk: many places as eto.compute computes each; eto.mergeBatch: their rows), and the two
 * system tasks the seeded schedules run — eto.prefetch (the last days of every saved location's
 * historical weather into the cache, nightly) and eto.cacheCleanup (expired weather cache entries).
 */
import { ZodError } from "zod";
import { DAY_MS } from "@/domain/shared/dates";
import { defaultsOf, defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { cache } from "@/server/cache";
import { WEATHER_SOURCES, type WeatherSource } from "@/domain/eto/weather";
import { dayNumber, isoDay } from "@/domain/eto/gaps";
import { ZEtoCacheCleanupInput, ZEtoComputeTaskInput, ZEtoPrefetchInput } from "./eto-compute.schemas";
import { computeEto } from "./eto-compute";
import { etoMetrics } from "./eto.compare";
import {
  ZEtoBatchResult,
  ZEtoCacheCleanupResult,
  ZEtoChunkResult,
  ZEtoComputeResult,
  ZEtoPrefetchResult,
} from "./eto.output";
import { ZEtoChunkInput, ZEtoMergeInput } from "./eto-batch.schemas";
import { computeChunk, mergeBatch } from "./eto-chunk";
import { etoBatchMembersPartial } from "./eto-batch-partial";
import { completeComputeInput, resolveQueued } from "./eto-resolve";
import { sourceSlice, todayUtc } from "./eto-sources";
import { listAllLocations } from "./eto.repository";
import { fetchDailyWeather, lookupElevation, weatherCacheNamespace, WeatherSourceError } from "./sources";

/**
 * The ETo engine's version (TaskDefinition.engineVersion of the tasks whose results it computes,
 * provenance): bump it whenever their results change for the same input — the engine-version guard
 * (src/tasks/engine-versions.test.ts) fails until you do.
 */
const ETO_ENGINE_VERSION = 1;

/** The system tasks' policy: admins only, one attempt, the result kept a week. */
const SYSTEM_JOB = { system: true, retry: { attempts: 1 }, resultTtlMs: 7 * DAY_MS } as const;

export const etoComputeTask = defineTask({
  name: "eto.compute",
  engineVersion: ETO_ENGINE_VERSION,
  queue: "data_collection",
  input: ZEtoComputeTaskInput,
  output: ZEtoComputeResult,
  compareMetrics: etoMetrics,
  complete: completeComputeInput,
  retry: { attempts: 2, backoffMs: 2000 },
  timeout: { softMs: 5 * 60_000, hardMs: 5 * 60_000 + 30_000 },
  resultTtlMs: 30 * DAY_MS,
  handler: (input, ctx) => {
    const now = new Date();
    let resolved;
    try {
      resolved = resolveQueued(input, now); // a schedule's relative range: the days as of this run
    } catch (e) {
      if (e instanceof ZodError) throw new NonRetriableError(e.issues[0]?.message ?? "invalid input", { cause: e });
      throw e;
    }
    return computeEto(resolved, ctx, { fetchDailyWeather, lookupElevation, today: todayUtc(now) });
  },
});

/**
 * A batch's chunk (eto.startBatch): up to 200 places, each as eto.compute computes it; retried whole.
 * Its time limit is long because the sources' polite rates are per worker process (NASA POWER once
 * a second): 16 chunks of 200 places sharing one process wait about 53 minutes for NASA alone.
 */
export const etoComputeChunkTask = defineTask({
  name: "eto.computeChunk",
  engineVersion: ETO_ENGINE_VERSION,
  queue: "data_collection",
  input: ZEtoChunkInput,
  output: ZEtoChunkResult,
  retry: { attempts: 2, backoffMs: 2000 },
  timeout: { softMs: 2 * 60 * 60_000, hardMs: 2 * 60 * 60_000 + 30_000 },
  resultTtlMs: 30 * DAY_MS,
  handler: (input, ctx) => {
    const now = new Date();
    return computeChunk(input, ctx, { fetchDailyWeather, lookupElevation, today: todayUtc(now), now });
  },
});

/** A batch's last step: its chunks' rows merged in the order the places were given (the batch's result). */
export const etoMergeBatchTask = defineTask({
  name: "eto.mergeBatch",
  engineVersion: ETO_ENGINE_VERSION,
  queue: "default",
  input: ZEtoMergeInput,
  output: ZEtoBatchResult,
  retry: { attempts: 2, backoffMs: 1000 },
  timeout: { softMs: 5 * 60_000 },
  resultTtlMs: 30 * DAY_MS,
  handler: (input, ctx) => mergeBatch(ctx.runId, input),
  membersPartial: etoBatchMembersPartial, // the batch's rows so far, as its chunks succeed
});

/** The historical sources the nightly prefetch keeps warm. */
const PREFETCHED: readonly WeatherSource[] = ["nasa-power", "open-meteo-archive"];
const MAX_PREFETCH_LOCATIONS = 5000;

export const etoPrefetchTask = defineTask({
  name: "eto.prefetch",
  queue: "data_collection",
  input: ZEtoPrefetchInput,
  output: ZEtoPrefetchResult,
  complete: defaultsOf(ZEtoPrefetchInput),
  ...SYSTEM_JOB,
  timeout: { softMs: 60 * 60_000 },
  handler: async (input, ctx) => {
    const today = todayUtc();
    const end = isoDay(dayNumber(today) - 1);
    const start = isoDay(dayNumber(today) - input.days);
    const locations = await listAllLocations(MAX_PREFETCH_LOCATIONS);
    const failed: { locationId: string; source: WeatherSource; message: string }[] = [];
    let fetched = 0;
    for (const [i, loc] of locations.entries()) {
      ctx.signal.throwIfAborted();
      for (const source of PREFETCHED) {
        const slice = sourceSlice(source, start, end, today);
        if (!slice) continue;
        try {
          await fetchDailyWeather(
            source,
            {
              latitude: loc.latitude,
              longitude: loc.longitude,
              ...slice,
              elevationM: loc.elevation,
              ...(loc.timezone ? { timezone: loc.timezone } : {}),
            },
            { signal: ctx.signal },
          );
          fetched++;
        } catch (e) {
          ctx.signal.throwIfAborted();
          if (!(e instanceof WeatherSourceError)) throw e;
          if (failed.length < 100) failed.push({ locationId: loc.id, source, message: e.message });
        }
      }
      ctx.progress((i + 1) / locations.length, "location", `${i + 1} of ${locations.length}: ${loc.name}`);
    }
    if (failed.length) await ctx.log(`${failed.length} fetch(es) failed; see the result`, "warn");
    return { range: { start, end }, locations: locations.length, fetched, failed };
  },
});

export const etoCacheCleanupTask = defineTask({
  name: "eto.cacheCleanup",
  queue: "default",
  input: ZEtoCacheCleanupInput,
  output: ZEtoCacheCleanupResult,
  complete: defaultsOf(ZEtoCacheCleanupInput),
  ...SYSTEM_JOB,
  timeout: { softMs: 5 * 60_000 },
  handler: async (input, ctx) => {
    const ns = weatherCacheNamespace;
    const weather = new Set(WEATHER_SOURCES.map(ns));
    const entries = async () =>
      Object.fromEntries(
        (await cache().stats()).namespaces
          .filter((n) => weather.has(n.namespace))
          .map((n) => [n.namespace, n.l1Entries]),
      );
    // stats() purges this process's in-memory tier of expired entries (Redis drops expired keys by
    // their own TTL); the sources named in `clear` lose every cached answer, in both tiers.
    const cleared: Record<string, number> = {};
    for (const [i, s] of input.clear.entries()) {
      cleared[ns(s)] = await cache().clear(ns(s));
      ctx.progress((i + 1) / Math.max(1, input.clear.length), "clear", ns(s));
    }
    return { liveEntries: await entries(), cleared };
  },
});

export const etoTasks = [
  etoComputeTask,
  etoComputeChunkTask,
  etoMergeBatchTask,
  etoPrefetchTask,
  etoCacheCleanupTask,
] as const;
