/** The cache's public types and errors (re-exported by src/server/cache.ts). */

export interface CacheSetOptions {
  /** How long a value is fresh. */
  ttlMs: number;
  /** After ttlMs, how long the old value may still be served while one background refresh runs. */
  staleWhileRevalidateMs?: number;
}

/** Where a getOrCompute value came from. */
export type CacheSource = "l1" | "l2" | "compute" | "stale";

export type CacheBackend = "memory" | "redis" | "tiered";

export interface NamespaceStats {
  namespace: string;
  hits: { l1: number; l2: number };
  misses: number;
  computes: number;
  stale: number;
  fallbacks: number;
  errors: number;
  waits: number;
  /** (l1 + l2 hits) / (hits + misses); 0 when there were none. */
  hitRate: number;
  l1Entries: number;
}

export interface CacheStats {
  backend: CacheBackend;
  redis: "up" | "down" | "open-circuit" | "none";
  l1: { entries: number; bytes: number; maxEntries: number; maxBytes: number };
  namespaces: NamespaceStats[];
}

export interface Cache {
  getOrCompute<T>(ns: string, key: unknown, opts: CacheSetOptions, compute: () => Promise<T>): Promise<T>;
  getOrComputeWithSource<T>(
    ns: string,
    key: unknown,
    opts: CacheSetOptions,
    compute: () => Promise<T>,
  ): Promise<{ value: T; source: CacheSource }>;
  get<T>(ns: string, key: unknown): Promise<T | undefined>;
  /** Throws CacheValueTooLargeError / CacheValueError for values it cannot store. */
  set<T>(ns: string, key: unknown, value: T, opts: CacheSetOptions): Promise<void>;
  delete(ns: string, key: unknown): Promise<void>;
  /** Distinct entries removed across tiers. */
  clear(ns: string): Promise<number>;
  stats(): Promise<CacheStats>;
  close(): Promise<void>;
}

export interface CreateCacheOptions {
  backend: CacheBackend;
  redisUrl?: string;
  l1MaxEntries: number;
  l1MaxBytes: number;
  maxValueBytes: number;
  /** Clock in ms (injected by tests); default Date.now. */
  now?: () => number;
  /** Cross-process compute lock lifetime (default 10 s). */
  lockTtlMs?: number;
  /** How long a process waits for another's compute before computing itself (default 3 s). */
  lockWaitMs?: number;
  /** Consecutive Redis failures that open the circuit, and how long it stays open (default 5, 5 s). */
  breaker?: { failureThreshold: number; openMs: number };
  /** Per-command Redis timeout (default 250 ms). */
  commandTimeoutMs?: number;
}

/** A value whose serialised form exceeds the per-value limit. */
export class CacheValueTooLargeError extends Error {
  override name = "CacheValueTooLargeError";
  constructor(
    readonly namespace: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `cache value for namespace "${namespace}" is ${bytes} bytes, over the ${limit}-byte limit (CACHE_MAX_VALUE_BYTES)`,
    );
  }
}

/** A value that is not plain JSON (functions, symbols, BigInt, cycles). */
export class CacheValueError extends Error {
  override name = "CacheValueError";
}

/** A namespace name that does not match ^[a-z0-9][a-z0-9:._-]{0,63}$. */
export class CacheNamespaceError extends Error {
  override name = "CacheNamespaceError";
}
