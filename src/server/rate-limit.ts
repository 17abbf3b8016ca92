/**
 * Fixed-window rate limits, shared by all web nodes through Redis when it exists (INCR + PEXPIRE NX,
 * one round trip), in-process otherwise and while Redis is lost. A Redis failure lets the request
 * through (fail open) and logs: a limiter must not take the product down.
 */
import { LRUCache } from "lru-cache";
import { redis, redisLost } from "./redis";
import { logger } from "./logger";

export interface Limit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface LimitResult {
  ok: boolean;
  remaining: number;
  /** When the window resets (ms from now). */
  retryAfterMs: number;
}

const local = new LRUCache<string, { count: number; resetAt: number }>({ max: 100_000 });

export async function consume(key: string, l: Limit, now = Date.now()): Promise<LimitResult> {
  const r = redis();
  // Redis lost (reconnecting): count in-process meanwhile rather than wait on it
  if (r && !redisLost(r)) {
    try {
      const k = `fluxo:rl:${key}`;
      const res = await r.multi().incr(k).pexpire(k, l.windowMs, "NX").pttl(k).exec();
      const count = Number(res?.[0]?.[1] ?? 0);
      const ttl = Number(res?.[2]?.[1] ?? l.windowMs);
      return {
        ok: count <= l.limit,
        remaining: Math.max(0, l.limit - count),
        retryAfterMs: ttl > 0 ? ttl : l.windowMs,
      };
    } catch (err) {
      logger.warn({ err: (err as Error).message, key }, "rate limiter: redis failed, letting the request through");
      return { ok: true, remaining: l.limit, retryAfterMs: 0 };
    }
  }
  let w = local.get(key);
  if (!w || w.resetAt <= now) {
    w = { count: 0, resetAt: now + l.windowMs };
    local.set(key, w);
  }
  w.count++;
  return { ok: w.count <= l.limit, remaining: Math.max(0, l.limit - w.count), retryAfterMs: w.resetAt - now };
}
