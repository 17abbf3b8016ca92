/**
 * The cache (public entry): `cache().getOrCompute(ns, key, { ttlMs }, compute)`.
 * L1 in-process LRU → L2 Redis → compute; see src/server/cache/tiered.ts for how the tiers work
 * and ARCHITECTURE.md ("Cache (two tiers)"). Backend from CACHE_BACKEND (default: tiered when
 * REDIS_URL is set, else memory); it is read once per process, so switching needs a restart.
 */
import { env } from "@/env";
import { TieredCache } from "./cache/tiered";
import type { Cache, CreateCacheOptions } from "./cache/types";

export {
  CacheNamespaceError,
  CacheValueError,
  CacheValueTooLargeError,
  type Cache,
  type CacheBackend,
  type CacheSetOptions,
  type CacheSource,
  type CacheStats,
  type CreateCacheOptions,
  type NamespaceStats,
} from "./cache/types";

export function createCache(o: CreateCacheOptions): Cache {
  return new TieredCache(o);
}

const g = globalThis as unknown as { __fluxoCache?: Cache };

/** The process's cache, built from env() on first use. */
export function cache(): Cache {
  if (!g.__fluxoCache) {
    const e = env();
    g.__fluxoCache = createCache({
      backend: e.CACHE_BACKEND ?? (e.REDIS_URL ? "tiered" : "memory"),
      redisUrl: e.REDIS_URL,
      l1MaxEntries: e.CACHE_L1_MAX_ENTRIES,
      l1MaxBytes: e.CACHE_L1_MAX_BYTES,
      maxValueBytes: e.CACHE_MAX_VALUE_BYTES,
    });
  }
  return g.__fluxoCache;
}

export async function closeCache(): Promise<void> {
  const c = g.__fluxoCache;
  g.__fluxoCache = undefined;
  await c?.close();
}
