/**
 * Redis connections (optional). With no REDIS_URL every caller gets `null` and falls back to Postgres.
 * Channels are prefixed `fluxo:` because Redis pub/sub ignores the db number.
 */
import { Redis } from "ioredis";
import { env } from "@/env";
import { logger } from "./logger";

const g = globalThis as unknown as { __fluxoRedis?: Redis | null };

export function createRedis(url: string, name: string): Redis {
  const r = new Redis(url, {
    connectionName: `fluxo-${name}`,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
  r.on("error", (err) => logger.warn({ err: err.message, conn: name }, "redis error"));
  r.once("ready", () => connectedOnce.add(r));
  return r;
}

const connectedOnce = new WeakSet<Redis>();

/** The connection was up and is now lost (reconnecting): commands would wait in its offline queue. */
export function redisLost(r: Redis): boolean {
  return connectedOnce.has(r) && r.status !== "ready";
}

/** The shared command connection, or null when Redis is not configured. */
export function redis(): Redis | null {
  if (g.__fluxoRedis === undefined) {
    const url = env().REDIS_URL;
    g.__fluxoRedis = url ? createRedis(url, "cmd") : null;
  }
  return g.__fluxoRedis;
}

export async function closeRedis(): Promise<void> {
  const r = g.__fluxoRedis;
  g.__fluxoRedis = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
