/** In-process token buckets, one per key (a weather source, a market provider): `await take(key, perSecond)` waits for a token. */

interface Bucket {
  tokens: number;
  last: number;
  perSecond: number;
  /** Callers queue so tokens go out in arrival order. */
  tail: Promise<void>;
}

const buckets = new Map<string, Bucket>();

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
export { sleep };

/**
 * Wait for one request slot of `key` at `perSecond` requests per second (burst = max(1, perSecond)).
 * perSecond ≤ 0 or Infinity: no limit.
 */
export async function take(key: string, perSecond: number, signal?: AbortSignal): Promise<void> {
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) return;
  let b = buckets.get(key);
  if (!b || b.perSecond !== perSecond) {
    b = { tokens: Math.max(1, perSecond), last: Date.now(), perSecond, tail: Promise.resolve() };
    buckets.set(key, b);
  }
  const bucket = b;
  const mine = bucket.tail.then(async () => {
    const burst = Math.max(1, bucket.perSecond);
    for (;;) {
      const now = Date.now();
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.last) / 1000) * bucket.perSecond);
      bucket.last = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - bucket.tokens) / bucket.perSecond) * 1000), signal);
    }
  });
  bucket.tail = mine.catch(() => undefined);
  await mine;
}

/** Forget every bucket (tests). */
export function resetRateLimits(): void {
  buckets.clear();
}
