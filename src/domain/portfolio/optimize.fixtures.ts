/** Random optimisation problems and random feasible portfolios for the property tests (test-only). */
import fc from "fast-check";
import { greedyFill, type Bounds } from "./optimize";

/** A random problem: Σ = B Bᵀ (+ a diagonal unless `singular`), μ, and feasible bounds. */
export const arbProblem = (o: { maxN?: number } = {}) =>
  fc
    .record({
      n: fc.integer({ min: 2, max: o.maxN ?? 7 }),
      k: fc.integer({ min: 1, max: 8 }),
      singular: fc.boolean(),
      // Realistic magnitudes (annual): loadings ±0.3, idiosyncratic variances 1e-4…5e-2, μ −10 %…30 %.
      b: fc.array(fc.integer({ min: -3000, max: 3000 }), { minLength: 64, maxLength: 64 }),
      d: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 8, maxLength: 8 }),
      mu: fc.array(fc.integer({ min: -1000, max: 3000 }), { minLength: 8, maxLength: 8 }),
      lower: fc.integer({ min: -300, max: 300 }),
      width: fc.integer({ min: 0, max: 1200 }),
      longOnly: fc.boolean(),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    })
    .map(({ n, k, singular, b, d, mu, lower, width, longOnly, seed }) => {
      const bm = Array.from({ length: n }, (_, i) => Array.from({ length: k }, (_, t) => b[i * 8 + t]! / 10_000));
      const cov = bm.map((ri, i) =>
        bm.map((rj, j) => ri.reduce((s, v, t) => s + v * rj[t]!, 0) + (i === j && !singular ? d[i]! / 10_000 : 0)),
      );
      const l = longOnly ? 0 : Math.min(lower / 1000, 1 / n);
      const u = longOnly ? 1 : Math.min(1, Math.max(l + width / 1000, 1 / n));
      return { n, cov, mu: mu.slice(0, n).map((v) => v / 10_000), bounds: [l, u] as [number, number], seed };
    });

/** A small deterministic generator (mulberry32) for random feasible portfolios. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random feasible portfolios: convex mixes of greedy vertices (random fill orders). */
export function randomFeasible(b: Bounds, count: number, seed: number): number[][] {
  const n = b.lower.length;
  const r = rng(seed);
  const vertex = () => {
    const order = Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5);
    return greedyFill(order, b);
  };
  const out: number[][] = [];
  for (let c = 0; c < count; c++) {
    const parts = 1 + Math.floor(r() * 3);
    const ws = Array.from({ length: parts }, () => r() + 1e-3);
    const total = ws.reduce((s, v) => s + v, 0);
    const mix = new Array<number>(n).fill(0);
    for (const wt of ws) vertex().forEach((v, i) => (mix[i] = mix[i]! + (v * wt) / total));
    out.push(mix);
  }
  return out;
}
