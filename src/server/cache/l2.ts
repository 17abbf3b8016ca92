/**
 * L2: Redis on the cache's own connection (short command timeout, no offline queue), every call
 * behind a circuit breaker. A failed or skipped call returns FAILED and is counted as a fallback —
 * it never throws to the cache's caller.
 */
import { Redis } from "ioredis";
import { logger, redactUrl } from "@/server/logger";
import { CircuitBreaker } from "./breaker";
import type { CacheCounters } from "./counters";
import { lockKey, namespacePattern, valueKey } from "./keys";
import { decodeEntry, encodeEntry, type Entry } from "./serialize";

export const FAILED = Symbol("redis call failed or skipped");
export type Failed = typeof FAILED;

const UNLOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const CONNECTING = new Set(["wait", "connecting", "connect"]);

export interface L2Options {
  url: string;
  commandTimeoutMs: number;
  lockTtlMs: number;
  breaker: { failureThreshold: number; openMs: number };
  now: () => number;
  counters: CacheCounters;
}

export class L2 {
  readonly redis: Redis;
  private readonly breaker: CircuitBreaker;
  private ready?: Promise<boolean>;

  constructor(private readonly o: L2Options) {
    this.breaker = new CircuitBreaker(o.breaker.failureThreshold, o.breaker.openMs);
    this.redis = new Redis(o.url, {
      connectionName: "fluxo-cache",
      commandTimeout: o.commandTimeoutMs,
      connectTimeout: Math.max(1000, o.commandTimeoutMs),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times) => Math.min(times * 100, 1000), // reconnect forever
    });
    this.redis.on("error", (err: Error) =>
      logger.debug({ err: err.message, url: redactUrl(o.url) }, "cache redis error"),
    );
  }

  status(): "up" | "down" | "open-circuit" {
    if (this.breaker.state === "open") return "open-circuit";
    return this.redis.status === "ready" ? "up" : "down";
  }

  /** While the connection is being (re)established, wait for it a bounded time. */
  private whenReady(): Promise<boolean> {
    if (this.redis.status === "ready") return Promise.resolve(true);
    if (!CONNECTING.has(this.redis.status)) return Promise.resolve(false);
    return (this.ready ??= new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off("ready", onReady);
        this.ready = undefined;
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), this.o.commandTimeoutMs);
      this.redis.once("ready", onReady);
    }));
  }

  private async call<T>(ns: string, fn: (r: Redis) => Promise<T>): Promise<T | Failed> {
    if (!this.breaker.allow()) {
      this.o.counters.add(ns, "fallbacks");
      return FAILED;
    }
    try {
      if (!(await this.whenReady())) throw new Error(`redis is ${this.redis.status}`);
      const out = await fn(this.redis);
      this.breaker.success();
      return out;
    } catch (err) {
      const wasClosed = this.breaker.state === "closed";
      this.breaker.failure();
      this.o.counters.add(ns, "fallbacks");
      this.o.counters.add(ns, "errors");
      if (wasClosed && this.breaker.state !== "closed") {
        logger.warn(
          { err: (err as Error).message, namespace: ns },
          "cache: redis failing, circuit open (serving L1 + compute)",
        );
      }
      return FAILED;
    }
  }

  /** The entry (undefined when absent or unreadable). */
  async get(ns: string, hash: string): Promise<Entry | undefined | Failed> {
    const payload = await this.call(ns, (r) => r.get(valueKey(ns, hash)));
    if (payload === FAILED || payload === null) return payload === FAILED ? FAILED : undefined;
    return this.parse(ns, payload);
  }

  private parse(ns: string, payload: string): Entry | undefined {
    const e = decodeEntry(payload);
    if (!e) this.o.counters.add(ns, "errors");
    return e;
  }

  private ttl(e: Entry): number {
    return Math.max(1, Math.ceil(e.staleUntil - this.o.now()));
  }

  async set(ns: string, hash: string, e: Entry): Promise<void | Failed> {
    await this.call(ns, (r) => r.set(valueKey(ns, hash), encodeEntry(e), "PX", this.ttl(e)));
  }

  async del(ns: string, hash: string): Promise<void | Failed> {
    await this.call(ns, (r) => r.unlink(valueKey(ns, hash)));
  }

  /** SCAN + UNLINK in batches (never KEYS); the hashes removed. */
  async clear(ns: string): Promise<string[] | Failed> {
    return this.call(ns, async (r) => {
      const removed: string[] = [];
      let cursor = "0";
      do {
        const [next, keys] = await r.scan(cursor, "MATCH", namespacePattern(ns), "COUNT", 1000);
        cursor = next;
        if (keys.length) {
          await r.unlink(...keys);
          for (const k of keys) removed.push(k.slice(k.lastIndexOf(":") + 1));
        }
      } while (cursor !== "0");
      return removed;
    });
  }

  /** Try to take the compute lock: true (ours), false (held by someone else), FAILED. */
  async tryLock(ns: string, hash: string, token: string): Promise<boolean | Failed> {
    const res = await this.call(ns, (r) => r.set(lockKey(ns, hash), token, "PX", this.o.lockTtlMs, "NX"));
    return res === FAILED ? FAILED : res === "OK";
  }

  /** One round trip: the current entry and whether the lock is still held. */
  async poll(ns: string, hash: string): Promise<{ entry: Entry | undefined; locked: boolean } | Failed> {
    const res = await this.call(ns, async (r) => {
      const out = await r.pipeline().get(valueKey(ns, hash)).exists(lockKey(ns, hash)).exec();
      const err = out?.find(([e]) => e)?.[0];
      if (!out || err) throw err ?? new Error("pipeline aborted");
      return [out[0]![1] as string | null, out[1]![1] as number] as const;
    });
    if (res === FAILED) return FAILED;
    return { entry: res[0] === null ? undefined : this.parse(ns, res[0]), locked: res[1] === 1 };
  }

  /** Store the entry (when given) and release our lock (when held) in one round trip. */
  async storeAndUnlock(ns: string, hash: string, e: Entry | undefined, token: string | undefined): Promise<void> {
    if (!e && !token) return;
    await this.call(ns, async (r) => {
      const p = r.pipeline();
      if (e) p.set(valueKey(ns, hash), encodeEntry(e), "PX", this.ttl(e));
      if (token) p.eval(UNLOCK, 1, lockKey(ns, hash), token);
      const out = await p.exec();
      const err = out?.find(([x]) => x)?.[0];
      if (!out || err) throw err ?? new Error("pipeline aborted");
    });
  }

  async close(): Promise<void> {
    if (this.redis.status !== "ready") return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
