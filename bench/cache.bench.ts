/**
 * Cache latency (wired into `npm run bench` by bench/run.ts): L1 hit, L2 hit (peer: a plain ioredis
 * GET of the same key), miss → compute → store, and 1,000 concurrent callers of one key.
 * Uses REDIS_URL when given; without it the L2 rows say so.
 */
import { Redis } from "ioredis";
import { createCache, type Cache } from "../src/server/cache";

type Row = [name: string, fluxo: string, peer: string, note: string];

const N = Number(process.env.BENCH_CACHE_OPS ?? 5000);
const value = { station: "LPPT", temps: Array.from({ length: 24 }, (_, i) => 15 + (i % 7)), unit: "C" };

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(3)} / p95 ${pct(xs, 0.95).toFixed(3)} ms`;

async function time(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(200, n); i++) await op(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    out.push(performance.now() - t0);
  }
  return out;
}

const make = (backend: "memory" | "redis" | "tiered", redisUrl?: string): Cache =>
  createCache({ backend, redisUrl, l1MaxEntries: 100_000, l1MaxBytes: 256 * 1024 ** 2, maxValueBytes: 8 * 1024 ** 2 });

async function up(c: Cache): Promise<void> {
  const end = Date.now() + 5000;
  while ((await c.stats()).redis !== "up" && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

export async function benchCache(redisUrl: string | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const ns = `bench-${process.pid}-${Date.now().toString(36)}`;
  const opts = { ttlMs: 600_000 };
  const compute = async () => value;
  const main = make(redisUrl ? "tiered" : "memory", redisUrl);
  const l2only = redisUrl ? make("redis", redisUrl) : undefined;
  const raw = redisUrl ? new Redis(redisUrl) : undefined;
  try {
    await up(main);
    await main.getOrCompute(ns, "hot", opts, compute);
    rows.push([
      "cache L1 hit (getOrCompute)",
      fmt(await time(N, () => main.getOrCompute(ns, "hot", opts, compute))),
      "",
      `${N} ops, ~${JSON.stringify(value).length} B value`,
    ]);

    if (l2only && raw) {
      await up(l2only);
      await l2only.getOrCompute(ns, "warm", opts, compute);
      const l2 = await time(N, () => l2only.getOrCompute(ns, "warm", opts, compute));
      const key = (await raw.scan("0", "MATCH", `fluxo:cache:${ns}:*`, "COUNT", 1000))[1][0]!;
      const peer = await time(N, () => raw.get(key));
      rows.push(["cache L2 hit (Redis, no L1)", fmt(l2), fmt(peer), `${N} ops; peer: plain ioredis GET`]);
    } else rows.push(["cache L2 hit (Redis, no L1)", "n/a", "", "REDIS_URL not set"]);

    const miss = await time(N, (i) => main.getOrCompute(ns, { miss: i, run: Math.random() }, opts, compute));
    rows.push([
      `cache miss → compute → store (${redisUrl ? "tiered" : "memory"})`,
      fmt(miss),
      "",
      `${N} ops, compute resolves at once${redisUrl ? "; includes lock + L2 write" : ""}`,
    ]);

    let computes = 0;
    const slow = async () => (computes++, await new Promise((r) => setTimeout(r, 20)), value);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 1000 }, () => main.getOrCompute(ns, "stampede", opts, slow)));
    const wall = performance.now() - t0;
    rows.push([
      "cache 1,000 concurrent callers, one key",
      `${computes} compute${computes === 1 ? "" : "s"}, ${wall.toFixed(1)} ms wall`,
      "",
      "compute takes 20 ms; must be 1 compute",
    ]);
  } finally {
    await main.clear(ns).catch(() => 0);
    await Promise.all([main.close(), l2only?.close()]);
    raw?.disconnect();
  }
  return rows;
}

// `tsx bench/cache.bench.ts` prints the rows on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.LOG_LEVEL ??= "warn";
  for (const r of await benchCache(process.env.REDIS_URL)) console.log(r.join(" | "));
}
