/**
 * The efficient frontier within weight bounds (default long-only): `points` target returns evenly
 * spaced from the minimum-volatility portfolio's return to the highest return the bounds allow;
 * each point minimises ½wᵀΣw s.t. 1ᵀw = 1, μᵀw = target, l ≤ w ≤ u (the active-set QP of ./qp,
 * started from a feasible mix of the previous point and the highest-return portfolio).
 * Volatility is non-decreasing along the returned points; the first is the min-volatility point.
 * When every allowed portfolio has the same expected return (e.g. equal μ), the frontier is that
 * one point.
 */
import { PortfolioInputError } from "./errors";
import { checkCovariance, dot, type Matrix } from "./linalg";
import {
  checkMu,
  greedyFill,
  minVarianceWeights,
  normalised,
  portfolioPerformance,
  resolveBounds,
  type BoundsInput,
} from "./optimize";
import { solveBoxQp } from "./qp";

export interface FrontierPoint {
  expectedReturn: number;
  volatility: number;
  sharpe: number | null;
  weights: number[];
}

export const FRONTIER_POINTS = { default: 30, min: 2, max: 200 } as const;

export function efficientFrontier(
  mu: readonly number[],
  cov: Matrix,
  o: { points?: number; bounds?: BoundsInput; riskFree?: number } = {},
): FrontierPoint[] {
  const s = checkCovariance(cov);
  const n = s.length;
  const m = checkMu(mu, n);
  const points = o.points ?? FRONTIER_POINTS.default;
  if (!Number.isInteger(points) || points < FRONTIER_POINTS.min || points > FRONTIER_POINTS.max)
    throw new PortfolioInputError(
      "points",
      `points must be a whole number from ${FRONTIER_POINTS.min} to ${FRONTIER_POINTS.max}, got ${String(points)}`,
    );
  const rf = o.riskFree ?? 0;
  if (!Number.isFinite(rf))
    throw new PortfolioInputError("riskFree", `riskFree must be a finite number, got ${String(rf)}`);
  const b = resolveBounds(o.bounds, n);

  const point = (w: number[]): FrontierPoint => ({ ...portfolioPerformance(w, m, s, rf), weights: w });
  const q = normalised(s).q; // Σ / its largest variance: same weights, solver tolerances relative to 1
  const wMin = minVarianceWeights(q, b);
  const first = point(wMin);
  const byReturn = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j]! - m[i]!);
  const wTop = greedyFill(byReturn, b);
  const rTop = dot(wTop, m);
  const r0 = first.expectedReturn;
  if (!(rTop - r0 > 1e-12 * Math.max(1, Math.abs(rTop)))) return [first];

  const out: FrontierPoint[] = [first];
  const ones = new Array<number>(n).fill(1);
  let prev = wMin;
  let rPrev = r0;
  for (let j = 1; j < points; j++) {
    const target = j === points - 1 ? rTop : r0 + ((rTop - r0) * j) / (points - 1);
    // A feasible start on the segment from the previous point to the top-return portfolio.
    const t = (target - rPrev) / (rTop - rPrev);
    const x0 = prev.map((v, i) => v + t * (wTop[i]! - v));
    const { x } = solveBoxQp({ q, a: [ones, m], b: [1, target], lower: b.lower, upper: b.upper, x0 });
    const p = point(x);
    out.push(p);
    prev = x;
    rPrev = p.expectedReturn;
  }
  return out;
}
