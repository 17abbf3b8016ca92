/**
 * The cache: L1 (in-process) → L2 (Redis) → compute, with fill-back, in-process single flight,
 * a cross-process compute lock with a bounded wait, and stale-while-revalidate. `memory` has no L2,
 * `redis` no L1; `tiered` both. Redis trouble is absorbed by L2 (counted fallbacks), never thrown.
 */
import { randomUUID } from "node:crypto";
import { logger } from "@/server/logger";
import { cacheMetrics } from "@/server/metrics";
import { CacheCounters, observe } from "./counters";
import { assertNamespace, hashKey, l1Key } from "./keys";
import { L1 } from "./l1";
import { FAILED, L2 } from "./l2";
import { decodeValue, encodeValue, type Entry } from "./serialize";
import { SingleFlight } from "./single-flight";
import {
  CacheValueTooLargeError,
  type Cache,
  type CacheSetOptions,
  type CacheSource,
  type CacheStats,
  type CreateCacheOptions,
} from "./types";

/** One flight's outcome: the entry (when storable) and the value decoded from it (or as computed). */
interface Flight {
  entry?: Entry;
  value: unknown;
  source: CacheSource;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function assertOptions(o: CacheSetOptions): void {
  const swr = o.staleWhileRevalidateMs ?? 0;
  if (!(o.ttlMs > 0) || !Number.isFinite(o.ttlMs) || !(swr >= 0) || !Number.isFinite(swr)) {
    throw new RangeError(`cache options need ttlMs > 0 and staleWhileRevalidateMs >= 0 (got ${JSON.stringify(o)})`);
  }
}

export class TieredCache implements Cache {
  private readonly l1?: L1;
  private readonly l2?: L2;
  private readonly counters = new CacheCounters();
  private readonly flights = new SingleFlight<Flight>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private readonly lockWaitMs: number;
  private closed = false;

  constructor(private readonly o: CreateCacheOptions) {
    this.now = o.now ?? Date.now;
    this.lockWaitMs = o.lockWaitMs ?? 3000;
    if (o.backend !== "redis") {
      this.l1 = new L1(o.l1MaxEntries, o.l1MaxBytes, this.now, (n, b) => {
        cacheMetrics.l1Entries.inc(n);
        cacheMetrics.l1Bytes.inc(b);
      });
    }
    if (o.backend !== "memory") {
      if (!o.redisUrl) throw new Error(`cache backend "${o.backend}" needs REDIS_URL (or use CACHE_BACKEND=memory)`);
      this.l2 = new L2({
        url: o.redisUrl,
        commandTimeoutMs: o.commandTimeoutMs ?? 250,
        lockTtlMs: o.lockTtlMs ?? 10_000,
        breaker: o.breaker ?? { failureThreshold: 5, openMs: 5000 },
        now: this.now,
        counters: this.counters,
      });
    }
  }

  async getOrCompute<T>(ns: string, key: unknown, opts: CacheSetOptions, compute: () => Promise<T>): Promise<T> {
    return (await this.getOrComputeWithSource(ns, key, opts, compute)).value;
  }

  async getOrComputeWithSource<T>(
    ns: string,
    key: unknown,
    opts: CacheSetOptions,
    compute: () => Promise<T>,
  ): Promise<{ value: T; source: CacheSource }> {
    const t0 = performance.now();
    assertNamespace(ns);
    assertOptions(opts);
    const hash = hashKey(key);
    const k = l1Key(ns, hash);
    const hit = this.l1?.get(k);
    if (hit) {
      const fresh = this.now() < hit.expiresAt;
      if (!fresh) this.refresh(ns, hash, opts, compute);
      const source = fresh ? "l1" : "stale";
      this.counters.outcome(ns, source, "l1");
      observe("getOrCompute", source, t0);
      return { value: decodeValue<T>(hit.json), source };
    }
    const { promise, joined } = this.flights.run(k, () => this.fill(ns, hash, opts, compute));
    if (joined) this.counters.add(ns, "waits");
    const f = await promise;
    this.counters.outcome(ns, f.source, "l2");
    observe("getOrCompute", f.source, t0);
    // Each waiter gets its own copy; the leader the one already decoded.
    const value = joined && f.entry ? decodeValue<T>(f.entry.json) : (f.value as T);
    return { value, source: f.source };
  }

  /** The leader of a flight: L2, else compute (under the cross-process lock when Redis is up). */
  private async fill(
    ns: string,
    hash: string,
    opts: CacheSetOptions,
    compute: () => Promise<unknown>,
  ): Promise<Flight> {
    if (!this.l2) return this.computeAndStore(ns, hash, opts, compute);
    const e = await this.l2.get(ns, hash);
    if (e === FAILED) return this.computeAndStore(ns, hash, opts, compute);
    const found = e && this.fromL2(ns, hash, e);
    if (found) {
      if (found.source === "stale") setImmediate(() => this.refresh(ns, hash, opts, compute));
      return found;
    }
    return this.computeLocked(ns, hash, opts, compute);
  }

  /** An L2 entry still servable → filled into L1 with its remaining TTL; undefined when expired/corrupt. */
  private fromL2(ns: string, hash: string, e: Entry): Flight | undefined {
    const now = this.now();
    if (now >= e.staleUntil) return undefined;
    let value: unknown;
    try {
      value = decodeValue(e.json);
    } catch {
      this.counters.add(ns, "errors");
      return undefined;
    }
    this.l1?.set(l1Key(ns, hash), e);
    return { entry: e, value, source: now < e.expiresAt ? "l2" : "stale" };
  }

  /** Compute at most once across processes: take the Redis lock, or wait (bounded) for its holder's value. */
  private async computeLocked(
    ns: string,
    hash: string,
    opts: CacheSetOptions,
    compute: () => Promise<unknown>,
  ): Promise<Flight> {
    const l2 = this.l2!;
    const token = randomUUID();
    let got = await l2.tryLock(ns, hash, token);
    if (got === false) {
      this.counters.add(ns, "waits");
      const deadline = performance.now() + this.lockWaitMs;
      const pollMs = Math.max(5, Math.min(50, this.lockWaitMs / 20));
      while (got === false && performance.now() < deadline) {
        await sleep(pollMs);
        const p = await l2.poll(ns, hash);
        if (p === FAILED) break;
        const found = p.entry && this.now() < p.entry.expiresAt ? this.fromL2(ns, hash, p.entry) : undefined;
        if (found) return found;
        if (!p.locked) got = await l2.tryLock(ns, hash, token); // holder finished without a value, or died
      }
    }
    return this.computeAndStore(ns, hash, opts, compute, got === true ? token : undefined);
  }

  private async computeAndStore(
    ns: string,
    hash: string,
    opts: CacheSetOptions,
    compute: () => Promise<unknown>,
    lockToken?: string,
  ): Promise<Flight> {
    this.counters.add(ns, "computes");
    let value: unknown;
    try {
      value = await compute();
    } catch (err) {
      await this.l2?.storeAndUnlock(ns, hash, undefined, lockToken);
      throw err;
    }
    let entry: Entry | undefined;
    try {
      if (value !== undefined) entry = this.entry(ns, value, opts); // undefined ("not found") is never stored
    } catch (err) {
      await this.l2?.storeAndUnlock(ns, hash, undefined, lockToken);
      if (!(err instanceof CacheValueTooLargeError)) throw err;
      this.counters.add(ns, "errors"); // too large: returned, not stored
      logger.warn({ namespace: ns, bytes: err.bytes, limit: err.limit }, err.message);
      return { value, source: "compute" };
    }
    if (entry) this.l1?.set(l1Key(ns, hash), entry);
    await this.l2?.storeAndUnlock(ns, hash, entry, lockToken);
    // The caller gets the value as it round-trips through the cache, whatever tier serves it later.
    return { entry, value: entry ? decodeValue(entry.json) : value, source: "compute" };
  }

  /** Stale value served: refresh once in the background (joined by nobody else already refreshing). */
  private refresh(ns: string, hash: string, opts: CacheSetOptions, compute: () => Promise<unknown>): void {
    const k = l1Key(ns, hash);
    if (this.closed || this.flights.has(k)) return;
    const { promise } = this.flights.run(k, () =>
      this.l2 ? this.computeLocked(ns, hash, opts, compute) : this.computeAndStore(ns, hash, opts, compute),
    );
    const tracked = promise.catch((err: Error) => {
      this.counters.add(ns, "errors");
      logger.warn({ namespace: ns, err: err.message }, "cache: background refresh failed (stale value kept)");
    });
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }

  private entry(ns: string, value: unknown, opts: CacheSetOptions): Entry {
    const json = encodeValue(ns, value, this.o.maxValueBytes);
    const expiresAt = this.now() + opts.ttlMs;
    return { json, expiresAt, staleUntil: expiresAt + (opts.staleWhileRevalidateMs ?? 0) };
  }

  async get<T>(ns: string, key: unknown): Promise<T | undefined> {
    const t0 = performance.now();
    assertNamespace(ns);
    const hash = hashKey(key);
    const k = l1Key(ns, hash);
    const hit = this.l1?.get(k);
    let found: Flight | undefined;
    if (hit && this.now() < hit.expiresAt) found = { value: decodeValue(hit.json), source: "l1" };
    else if (this.l2) {
      const e = await this.l2.get(ns, hash);
      const f = e && e !== FAILED && this.now() < e.expiresAt ? this.fromL2(ns, hash, e) : undefined;
      if (f) found = f;
    }
    this.counters.outcome(ns, found ? found.source : "miss");
    observe("get", found ? found.source : "miss", t0);
    return found?.value as T | undefined;
  }

  async set<T>(ns: string, key: unknown, value: T, opts: CacheSetOptions): Promise<void> {
    const t0 = performance.now();
    assertNamespace(ns);
    assertOptions(opts);
    const hash = hashKey(key);
    const e = this.entry(ns, value, opts);
    this.l1?.set(l1Key(ns, hash), e);
    await this.l2?.set(ns, hash, e);
    observe("set", "none", t0);
  }

  async delete(ns: string, key: unknown): Promise<void> {
    const t0 = performance.now();
    assertNamespace(ns);
    const hash = hashKey(key);
    this.l1?.delete(l1Key(ns, hash));
    await this.l2?.del(ns, hash);
    observe("delete", "none", t0);
  }

  async clear(ns: string): Promise<number> {
    const t0 = performance.now();
    assertNamespace(ns);
    const removed = new Set((this.l1?.clearNamespace(ns) ?? []).map((k) => k.slice(ns.length + 1)));
    const fromL2 = this.l2 ? await this.l2.clear(ns) : [];
    if (fromL2 !== FAILED) for (const h of fromL2) removed.add(h);
    observe("clear", "none", t0);
    return removed.size;
  }

  async stats(): Promise<CacheStats> {
    const l1 = this.l1;
    return {
      backend: this.o.backend,
      redis: this.l2 ? this.l2.status() : "none",
      l1: {
        entries: l1?.entries ?? 0,
        bytes: l1?.totalBytes ?? 0,
        maxEntries: l1 ? this.o.l1MaxEntries : 0,
        maxBytes: l1 ? this.o.l1MaxBytes : 0,
      },
      namespaces: this.counters.snapshot(l1?.countByNamespace() ?? new Map()),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.background]);
    this.l1?.clear(); // also returns its share of the process gauges
    await this.l2?.close();
  }
}
