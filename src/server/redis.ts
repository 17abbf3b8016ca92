/**
 * Redis connections (optional). With no REDIS_URL every caller gets `null` and falls back to Postgres.
 * Channels are prefixed `fluxo:` because Redis pub/sub ignores the db number.
 */
import { Redis } from "ioredis";
import { env } from "@/env";
import { logger } from "./logger";

const g = globalThis as unknown as { __fluxoRedis?: Redis | null };

/**
 * A command unanswered this long means the Redis host is gone (a LAN round trip is well under a
 * millisecond): the command fails and its caller falls back (rate limits in-process, live messages
 * from the database). Without it, a host that vanishes without a reset (link down, power off) leaves
 * every command waiting on a socket that looks open: submissions hung until TCP gave up (minutes),
 * found by `npm run cluster -- --scenario redis-down`.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;
/** How often an idle connection is checked with PING; one unanswered forces a reconnect. */
const WATCHDOG_MS = 1000;

export function createRedis(url: string, name: string): Redis {
  const r = new Redis(url, {
    connectionName: `fluxo-${name}`,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 3000,
    lazyConnect: false,
  });
  r.on("error", (err) => logger.warn({ err: err.message, conn: name }, "redis error"));
  r.once("ready", () => connectedOnce.add(r));
  // A silent host: the PING times out, and the reconnect makes redisLost() true at once (callers stop
  // waiting on Redis) and, when the host answers again, "ready" again (subscribers resubscribe and resync).
  const watchdog = setInterval(() => {
    if (r.status !== "ready") return;
    r.ping().catch(() => {
      if (r.status !== "ready") return;
      logger.warn({ conn: name }, `redis did not answer a PING within ${REDIS_COMMAND_TIMEOUT_MS} ms: reconnecting`);
      r.disconnect(true);
    });
  }, WATCHDOG_MS);
  watchdog.unref();
  r.once("end", () => clearInterval(watchdog));
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
