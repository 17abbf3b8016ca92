/**
 * Test fixture for src/server/cache.int.test.ts (not used by the app): a second process that
 * calls getOrCompute on the same key, against the same Redis, once the parent says "go".
 * Its compute INCRs a shared counter and takes ~300 ms. Prints {"value","source"} as JSON.
 * Usage: REDIS_URL=… CACHE_NS=… CACHE_KEY=… COUNTER_KEY=… node --import tsx cross-process-child.ts
 */
import { Redis } from "ioredis";
import { createCache } from "../cache";

const { REDIS_URL, CACHE_NS, CACHE_KEY, COUNTER_KEY } = process.env;
if (!REDIS_URL || !CACHE_NS || !CACHE_KEY || !COUNTER_KEY)
  throw new Error("REDIS_URL, CACHE_NS, CACHE_KEY, COUNTER_KEY are required");

const counter = new Redis(REDIS_URL);
const cache = createCache({
  backend: "tiered",
  redisUrl: REDIS_URL,
  l1MaxEntries: 100,
  l1MaxBytes: 1 << 20,
  maxValueBytes: 1 << 20,
});
const compute = async () => {
  const n = await counter.incr(COUNTER_KEY);
  await new Promise((r) => setTimeout(r, 300));
  return { computedBy: `child-${process.pid}`, n };
};

while ((await cache.stats()).redis !== "up") await new Promise((r) => setTimeout(r, 10));
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => (process.stdin.destroy(), resolve())));
const out = await cache.getOrComputeWithSource(CACHE_NS, CACHE_KEY, { ttlMs: 10_000 }, compute);
process.stdout.write(`${JSON.stringify(out)}\n`);
await cache.close();
counter.disconnect();
