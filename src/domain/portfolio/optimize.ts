/**
 * Mean-variance optimisation: global minimum variance (closed form, unconstrained), minimum
 * volatility and maximum Sharpe with weight bounds (long-only by default), through the
 * active-set QP of ./qp. Conventions (PyPortfolioOpt): μ and Σ annual, riskFree annual,
 * Sharpe = (μᵀw − rf)/√(wᵀΣw), weights sum to 1, default bounds [0, 1].
 *
 * Max Sharpe, long-only ([0, u] with u ≥ 1): the convex transform y = κw, κ > 0:
 *   minimise yᵀΣy  s.t. (μ − rf)ᵀy = 1, y ≥ 0;  w = y / 1ᵀy.
 * Other bounds make the transformed constraints κ·l ≤ y ≤ κ·u non-box; there the max-Sharpe
 * portfolio is found on the bounded frontier's parametric path w(λ) = argmin ½wᵀΣw − λ(μ−rf)ᵀw:
 * it is the root of h(λ) = λ·a(w(λ)) − σ²(w(λ)) (a = excess return; Sharpe increases while h < 0,
 * decreases after), and h is linear on each face of the active set, so a safeguarded secant
 * (Illinois) search lands on it exactly.
 */
import { PortfolioInputError } from "./errors";
import { checkCovariance, cholesky, choleskySolve, dot, quadForm, type Matrix } from "./linalg";
import { solveBoxQp } from "./qp";

export type BoundsInput = readonly [number, number] | readonly (readonly [number, number])[];

export interface Bounds {
  lower: number[];
  upper: number[];
}

export interface Allocation {
  weights: number[];
  /** μᵀw; null when no expected returns were given (minimum volatility from Σ alone). */
  expectedReturn: number | null;
  volatility: number;
  /** (μᵀw − rf)/σ; null without μ or when σ = 0. */
  sharpe: number | null;
}

export interface OptimizeOptions {
  bounds?: BoundsInput;
  /** Annual risk-free rate (default 0). */
  riskFree?: number;
}

/** Checks expected returns: n finite numbers. */
export function checkMu(mu: readonly number[], n?: number, field = "mu"): number[] {
  if (!Array.isArray(mu) || mu.length === 0)
    throw new PortfolioInputError(field, `${field} must be a non-empty list of numbers`);
  if (n !== undefined && mu.length !== n)
    throw new PortfolioInputError(field, `${field} has ${mu.length} entries but cov is ${n} × ${n}: they must match`);
  mu.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new PortfolioInputError(field, `${field}[${i}] must be a finite number, got ${String(v)}`);
  });
  return [...mu];
}

function checkRiskFree(rf: number | undefined): number {
  const v = rf ?? 0;
  if (!Number.isFinite(v))
    throw new PortfolioInputError("riskFree", `riskFree must be a finite number, got ${String(v)}`);
  return v;
}

/**
 * Per-asset bounds from [lower, upper] (all assets) or one pair per asset; default [0, 1].
 * Refuses NaN, lower > upper, and bounds that cannot sum to 1 (Σ lower > 1 or Σ upper < 1).
 */
export function resolveBounds(bounds: BoundsInput | undefined, n: number, field = "bounds"): Bounds {
  const b = bounds ?? ([0, 1] as const);
  const pairs: (readonly [number, number])[] = isPair(b)
    ? Array.from({ length: n }, () => b)
    : [...(b as readonly (readonly [number, number])[])];
  if (pairs.length !== n)
    throw new PortfolioInputError(field, `${field} has ${pairs.length} pairs but there are ${n} assets`);
  const lower: number[] = [];
  const upper: number[] = [];
  pairs.forEach((pair, i) => {
    const where = isPair(b) ? field : `${field}[${i}]`;
    const [l, u] = pair;
    if (typeof l !== "number" || typeof u !== "number" || Number.isNaN(l) || Number.isNaN(u))
      throw new PortfolioInputError(where, `${where} must be a pair of numbers [lower, upper]`);
    if (l > u) throw new PortfolioInputError(where, `the lower bound (${l}) must not be above the upper bound (${u})`);
    if (l === Infinity || u === -Infinity)
      throw new PortfolioInputError(where, `${where} must allow some finite weight`);
    lower.push(l);
    upper.push(u);
  });
  const sumL = lower.reduce((s, v) => s + v, 0);
  const sumU = upper.reduce((s, v) => s + v, 0);
  if (sumL > 1 + 1e-12)
    throw new PortfolioInputError(
      field,
      `weights bounds cannot sum to 1: the lower bounds add up to ${round(sumL)} (${n} assets) > 1; lower the minimum weight`,
    );
  if (sumU < 1 - 1e-12)
    throw new PortfolioInputError(
      field,
      `weights bounds cannot sum to 1: the upper bounds add up to ${round(sumU)} (${n} assets) < 1; raise the maximum weight`,
    );
  return { lower, upper };
}

const isPair = (b: BoundsInput): b is readonly [number, number] => b.length === 2 && typeof b[0] === "number";
const round = (v: number) => Number(v.toPrecision(10));

/** Expected return, volatility and Sharpe of weights w (annual μ, Σ and rf). */
export function portfolioPerformance(
  weights: readonly number[],
  mu: readonly number[],
  cov: Matrix,
  riskFree = 0,
): { expectedReturn: number; volatility: number; sharpe: number | null } {
  const expectedReturn = dot(weights, mu);
  const volatility = Math.sqrt(Math.max(0, quadForm(cov, weights)));
  return { expectedReturn, volatility, sharpe: volatility > 0 ? (expectedReturn - riskFree) / volatility : null };
}

/**
 * The allocation's figures. A variance at rounding level (≤ 1e-14 × the largest asset variance:
 * a riskless mix, possible with a singular Σ) has no meaningful Sharpe ratio: null.
 */
function allocation(w: number[], mu: readonly number[] | undefined, cov: Matrix, rf: number): Allocation {
  const variance = Math.max(0, quadForm(cov, w));
  let maxVar = 0;
  for (let i = 0; i < cov.length; i++) maxVar = Math.max(maxVar, cov[i]![i]!);
  const volatility = Math.sqrt(variance);
  if (!mu) return { weights: w, expectedReturn: null, volatility, sharpe: null };
  const expectedReturn = dot(w, mu);
  const riskless = variance <= 1e-14 * maxVar;
  return { weights: w, expectedReturn, volatility, sharpe: riskless ? null : (expectedReturn - rf) / volatility };
}

/** Global minimum variance without bounds: w = Σ⁻¹1 / 1ᵀΣ⁻¹1 (Σ must be non-singular). */
export function globalMinVarianceUnconstrained(
  cov: Matrix,
  o: { mu?: readonly number[]; riskFree?: number } = {},
): Allocation {
  const s = checkCovariance(cov);
  const n = s.length;
  const mu = o.mu === undefined ? undefined : checkMu(o.mu, n);
  const rf = checkRiskFree(o.riskFree);
  const l = cholesky(s, 1e-12);
  if (!l)
    throw new PortfolioInputError(
      "cov",
      "cov is singular (a zero-variance asset, or a riskless combination of assets): the unconstrained minimum-variance " +
        "portfolio is not unique; use bounds (e.g. long-only)",
    );
  const x = choleskySolve(l, new Array<number>(n).fill(1));
  const sum = x.reduce((a, v) => a + v, 0);
  return allocation(
    x.map((v) => v / sum),
    mu,
    s,
    rf,
  );
}

/**
 * Σ divided by its largest variance (weights do not change with the scale of Σ; the solver's
 * tolerances are then relative to 1). An all-zero Σ is returned as is.
 */
export function normalised(s: number[][]): { q: number[][]; scale: number } {
  let scale = 0;
  for (let i = 0; i < s.length; i++) scale = Math.max(scale, s[i]![i]!);
  if (!(scale > 0) || scale === 1) return { q: s, scale: 1 };
  return { q: s.map((r) => r.map((v) => v / scale)), scale };
}

/** Greedy feasible point: lower bounds, then fill up to 1 in the given asset order. */
export function greedyFill(order: readonly number[], b: Bounds): number[] {
  const w = [...b.lower];
  let left = 1 - w.reduce((s, v) => s + v, 0);
  for (const i of order) {
    if (left <= 0) break;
    const add = Math.min(b.upper[i]! - b.lower[i]!, left);
    w[i] = w[i]! + add;
    left -= add;
  }
  return w;
}

/** Minimum variance within bounds (default long-only [0, 1]): min ½wᵀΣw s.t. 1ᵀw = 1, l ≤ w ≤ u. */
export function minVolatility(cov: Matrix, o: OptimizeOptions & { mu?: readonly number[] } = {}): Allocation {
  const s = checkCovariance(cov);
  const n = s.length;
  const mu = o.mu === undefined ? undefined : checkMu(o.mu, n);
  const rf = checkRiskFree(o.riskFree);
  const b = resolveBounds(o.bounds, n);
  const w = minVarianceWeights(normalised(s).q, b);
  return allocation(w, mu, s, rf);
}

/** The QP of minVolatility on checked inputs (start: lowest variances first). */
export function minVarianceWeights(s: number[][], b: Bounds, c?: readonly number[], x0?: readonly number[]): number[] {
  const n = s.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[i]![i]! - s[j]![j]!);
  const { x } = solveBoxQp({
    q: s,
    c,
    a: [new Array<number>(n).fill(1)],
    b: [1],
    lower: b.lower,
    upper: b.upper,
    x0: x0 ?? greedyFill(order, b),
  });
  return x;
}

/**
 * Maximum Sharpe ratio within bounds (default long-only). Throws PortfolioInputError("mu") when no
 * asset's expected return is above the risk-free rate (or, with bounds, no allowed portfolio's is).
 */
export function maxSharpe(
  mu: readonly number[],
  cov: Matrix,
  o: OptimizeOptions & { method?: "auto" | "parametric" } = {},
): Allocation {
  const s = checkCovariance(cov);
  const n = s.length;
  const m = checkMu(mu, n);
  const rf = checkRiskFree(o.riskFree);
  const b = resolveBounds(o.bounds, n);
  const excess = m.map((v) => v - rf);
  const best = Math.max(...m);
  // Without short positions a portfolio's return is a mean of the assets': none above rf, no solution.
  // With them (a negative lower bound) a short can lift it above rf; the bounded search decides.
  const canShort = b.lower.some((l) => l < 0);
  if (!canShort && !(best > rf))
    throw new PortfolioInputError(
      "mu",
      `no asset's expected return is above the risk-free rate (${rf}; the highest is ${round(best)}): ` +
        "max Sharpe has no solution; use min_volatility",
    );
  const longOnly = b.lower.every((l) => l === 0) && b.upper.every((u) => u >= 1);
  const { q, scale } = normalised(s);
  // Excess returns scaled with Σ keep the problem's shape (λ and y rescale; w does not).
  const exScale = Math.sqrt(scale);
  const ex = excess.map((e) => e / exScale);
  const w =
    longOnly && o.method !== "parametric" ? maxSharpeTransform(q, ex) : maxSharpeParametric(q, ex, b, rf, exScale);
  return allocation(w, m, s, rf);
}

/** min yᵀΣy s.t. excessᵀy = 1, y ≥ 0; w = y/1ᵀy. */
function maxSharpeTransform(s: number[][], excess: number[]): number[] {
  const n = s.length;
  // Start at the single asset with the best Sharpe ratio.
  let k = -1;
  let bestRatio = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!(excess[i]! > 0)) continue;
    const sd = Math.sqrt(s[i]![i]!);
    const r = sd > 0 ? excess[i]! / sd : Infinity;
    if (r > bestRatio) {
      bestRatio = r;
      k = i;
    }
  }
  const y0 = new Array<number>(n).fill(0);
  y0[k] = 1 / excess[k]!;
  const { x: y } = solveBoxQp({
    q: s,
    a: [excess],
    b: [1],
    lower: new Array<number>(n).fill(0),
    upper: new Array<number>(n).fill(Infinity),
    x0: y0,
  });
  const kappa = y.reduce((acc, v) => acc + v, 0);
  return y.map((v) => v / kappa);
}

/**
 * Root of h(λ) = λ·a(w(λ)) − σ²(w(λ)) on the bounded parametric path (see the file comment).
 * `excess` is (μ − rf)/exScale (scaled with Σ); the refusal message reports it in μ's units.
 */
function maxSharpeParametric(s: number[][], excess: number[], b: Bounds, rf: number, exScale: number): number[] {
  const n = s.length;
  // The best excess return any allowed portfolio has: greedy, highest excess first.
  const byExcess = Array.from({ length: n }, (_, i) => i).sort((i, j) => excess[j]! - excess[i]!);
  const wTop = greedyFill(byExcess, b);
  const aMax = dot(wTop, excess);
  if (!(aMax > 0))
    throw new PortfolioInputError(
      "mu",
      `no portfolio within the bounds has an expected return above the risk-free rate (${rf}; the best is ${round(aMax * exScale + rf)}): ` +
        "max Sharpe has no solution; use min_volatility",
    );
  let x = minVarianceWeights(s, b);
  const evalAt = (lambda: number) => {
    x = minVarianceWeights(
      s,
      b,
      excess.map((e) => -lambda * e),
      x,
    );
    const a = dot(x, excess);
    const v = quadForm(s, x);
    return { w: x, h: lambda * a - v, a, v };
  };
  const at0 = { w: x, a: dot(x, excess), v: quadForm(s, x) };
  if (at0.v <= 0 && at0.a > 0) return at0.w; // a riskless portfolio beating rf: Sharpe unbounded
  let lo = 0;
  let hLo = -at0.v;
  let lastW = at0.w;
  // Bracket: double λ until h > 0.
  let hi = Math.max(at0.v / aMax, 1e-12);
  let atHi = evalAt(hi);
  for (let i = 0; atHi.h <= 0 && i < 200; i++) {
    lo = hi;
    hLo = atHi.h;
    lastW = atHi.w;
    hi *= 2;
    atHi = evalAt(hi);
  }
  if (atHi.h <= 0) return atHi.a > 0 ? atHi.w : lastW;
  let hHi = atHi.h;
  let side = 0;
  let wBest = atHi.w;
  const scale = Math.max(at0.v, 1e-300);
  for (let it = 0; it < 200; it++) {
    const lambda = (lo * hHi - hi * hLo) / (hHi - hLo);
    const r = evalAt(lambda);
    wBest = r.w;
    if (Math.abs(r.h) <= 1e-15 * scale || hi - lo <= 1e-15 * hi) break;
    if (r.h < 0) {
      lo = lambda;
      hLo = r.h;
      if (side === -1) hHi /= 2;
      side = -1;
    } else {
      hi = lambda;
      hHi = r.h;
      if (side === 1) hLo /= 2;
      side = 1;
    }
  }
  return wBest;
}
