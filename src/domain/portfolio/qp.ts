/**
 * A primal active-set solver for convex quadratic programs with a few equality rows and box bounds:
 *
 *     minimise ½ xᵀQx + cᵀx   subject to   A x = b,   lower ≤ x ≤ upper
 *
 * Q symmetric positive semi-definite (a covariance), A a handful of rows (1ᵀx = 1, and μᵀx = target
 * for the frontier), bounds finite or ±Infinity. It starts from a feasible point, keeps a working set
 * of variables fixed at a bound, and repeats:
 *  - on the face of the free variables F, the equality-constrained minimiser is found through a
 *    Cholesky factor of K = Q_FF + ρ A_FᵀA_F (same minimiser on the face, and non-singular exactly
 *    when the face has no zero-curvature direction) and the small Schur complement A_F K⁻¹ A_Fᵀ;
 *    the step goes there or stops at the first bound met, which joins the working set;
 *  - when K is singular (a zero-variance asset, a riskless combination, fewer observations than
 *    assets), a direction of zero curvature on the face is followed (downhill, or either way when
 *    flat) to the first bound, which joins the working set — the objective does not increase;
 *  - at a face's minimiser, the variable whose bound multiplier has the wrong sign is released;
 *    when none has, the KKT conditions hold and x is optimal.
 * The working set is kept linearly independent (the free columns of A keep A's rank): a bound whose
 * fixing would break that is not added, which rules out the cycling of degenerate vertices (e.g.
 * bounds whose uppers sum to exactly 1) and keeps the multipliers ν unique.
 */
import { pinvSymmetric, pivotedCholesky, pivotedNullVector, pivotedSolve, psdRank } from "./linalg";

export interface BoxQpProblem {
  q: readonly (readonly number[])[];
  c?: readonly number[];
  /** Equality rows (each of length n). */
  a: readonly (readonly number[])[];
  b: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
  /** A feasible starting point (A x0 = b within rounding, inside the bounds). */
  x0: readonly number[];
  maxIterations?: number;
}

export interface BoxQpResult {
  x: number[];
  /** Multipliers of the equality rows: g + Aᵀν is ≥ 0 at lower bounds, ≤ 0 at upper, 0 on free variables. */
  nu: number[];
  iterations: number;
}

const FREE = 0;
const AT_LOWER = -1;
const AT_UPPER = 1;

export class QpNotConvergedError extends Error {
  override readonly name = "QpNotConvergedError";
}

type Step = { kind: "newton"; p: number[]; nu: number[] } | { kind: "ray"; d: number[] };

export function solveBoxQp(p: BoxQpProblem): BoxQpResult {
  const n = p.x0.length;
  const m = p.a.length;
  const { q, a, b, lower, upper } = p;
  const c = p.c ?? new Array<number>(n).fill(0);
  const x = [...p.x0];
  const status = new Int8Array(n);
  const pinned = new Uint8Array(n);
  let qScale = 0;
  for (let i = 0; i < n; i++) qScale = Math.max(qScale, Math.abs(q[i]![i]!));
  for (let i = 0; i < n; i++) {
    const l = lower[i]!;
    const u = upper[i]!;
    if (l === u) {
      x[i] = l;
      status[i] = AT_LOWER;
      pinned[i] = 1;
    } else if (x[i]! <= l) {
      x[i] = l;
      status[i] = AT_LOWER;
    } else if (x[i]! >= u) {
      x[i] = u;
      status[i] = AT_UPPER;
    }
  }
  const maxIter = p.maxIterations ?? 20 * n + 200;
  const g = new Array<number>(n);
  let nu = new Array<number>(m).fill(0);
  let lastExact = false;
  let released = -1;
  let releasedFrom = 0;
  const taboo = new Set<number>();

  const fix = (i: number, toLower: boolean) => {
    x[i] = toLower ? lower[i]! : upper[i]!;
    status[i] = toLower ? AT_LOWER : AT_UPPER;
  };
  const freeList = () => {
    const f: number[] = [];
    for (let i = 0; i < n; i++) if (status[i] === FREE) f.push(i);
    return f;
  };
  // The rank the free columns of A must keep: A's own rank.
  const fullRank = rankOf(
    a,
    Array.from({ length: n }, (_, i) => i),
  );
  for (let i = 0; i < n && rankOf(a, freeList()) < fullRank; i++) {
    if (status[i] === FREE || pinned[i]) continue;
    const f = freeList();
    if (rankOf(a, [...f, i]) > rankOf(a, f)) status[i] = FREE;
  }
  /** The first bound met along d, skipping those whose fixing would drop the rank of A_F. */
  const blocking = (d: readonly number[], free: readonly number[], max: number) => {
    const skip = new Set<number>();
    for (;;) {
      const hit = ratioTest(d, free, x, lower, upper, max, skip);
      if (hit.block < 0 || m === 0) return hit;
      if (
        rankOf(
          a,
          free.filter((i) => i !== hit.block),
        ) >= fullRank
      )
        return hit;
      skip.add(hit.block);
    }
  };

  for (let iter = 1; iter <= maxIter; iter++) {
    // Gradient Qx + c, over the non-zero entries of x only.
    for (let i = 0; i < n; i++) g[i] = c[i]!;
    for (let j = 0; j < n; j++) {
      const xj = x[j]!;
      if (xj === 0) continue;
      for (let i = 0; i < n; i++) g[i] = g[i]! + q[i]![j]! * xj;
    }
    const free = freeList();
    const k = free.length;
    const r = residual(a, b, x);
    const step = faceStep(q, g, a, r, free);

    if (step.kind === "ray") {
      // Zero curvature on the face: follow d (downhill, or either way when flat) to the first bound.
      let d = projectOut(step.d, a, free);
      let gd = 0;
      let gScale = 0;
      for (let t = 0; t < k; t++) {
        gd += d[t]! * g[free[t]!]!;
        gScale += Math.abs(d[t]! * g[free[t]!]!);
      }
      // Downhill; when flat, the variable just released moves inward (its multiplier had the wrong sign).
      const rt = released >= 0 ? free.indexOf(released) : -1;
      const flat = Math.abs(gd) <= 1e-12 * gScale;
      const forward = !flat || rt < 0 || d[rt] === 0 ? gd <= 0 : d[rt]! > 0 === (releasedFrom === AT_LOWER);
      if (!forward) {
        d = d.map((v) => -v);
        gd = -gd;
      }
      let hit = blocking(d, free, Infinity);
      if (hit.block < 0 && flat) {
        d = d.map((v) => -v);
        gd = -gd;
        hit = blocking(d, free, Infinity);
      }
      if (hit.block < 0)
        throw new QpNotConvergedError("the quadratic program is unbounded along a zero-risk direction");
      // The direction is of zero curvature up to the rank tolerance: never past the line minimum —
      // unless the slope is flat, when gd and dqd are both rounding noise and so is their ratio:
      // stopping there leaves the working set unchanged, and the next ray (its sign again decided by
      // noise) steps back, a cycle (a singular Σ on the frontier did exactly that). Flat, the bound
      // is taken: the objective changes by at most ½α²·dqd, within the rank tolerance.
      let dqd = 0;
      for (let t = 0; t < k; t++) {
        const qi = q[free[t]!]!;
        let sum = 0;
        for (let u = 0; u < k; u++) sum += qi[free[u]!]! * d[u]!;
        dqd += d[t]! * sum;
      }
      if (!flat && gd < 0 && dqd > 0 && -gd / dqd < hit.alpha) hit = { alpha: -gd / dqd, block: -1, toLower: false };
      for (let t = 0; t < k; t++) {
        const i = free[t]!;
        x[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + hit.alpha * d[t]!));
      }
      if (hit.block < 0) {
        taboo.clear();
        released = -1;
        lastExact = false;
        continue;
      }
      if (hit.alpha === 0 && hit.block === released) taboo.add(released);
      else if (hit.alpha > 0) taboo.clear();
      fix(hit.block, hit.toLower);
      released = -1;
      lastExact = false;
      continue;
    }

    nu = step.nu;
    const pF = step.p;
    let pMax = 0;
    let xMax = 1;
    let fScale = 1e-300;
    for (let i = 0; i < n; i++) {
      xMax = Math.max(xMax, Math.abs(x[i]!));
      fScale += Math.abs(c[i]! * x[i]!);
    }
    fScale += qScale * xMax * xMax;
    // Predicted decrease of the objective along the step: −(gᵀp + ½pᵀQp).
    let gp = 0;
    let pqp = 0;
    for (let t = 0; t < k; t++) {
      const pt = pF[t]!;
      pMax = Math.max(pMax, Math.abs(pt));
      gp += g[free[t]!]! * pt;
      if (pt === 0) continue;
      const qi = q[free[t]!]!;
      let s = 0;
      for (let u = 0; u < k; u++) s += qi[free[u]!]! * pF[u]!;
      pqp += pt * s;
    }
    const decrease = -(gp + 0.5 * pqp);
    if (pMax <= 1e-13 * xMax || decrease <= 1e-18 * fScale || lastExact) {
      // A minimiser of the face: check the signs of the bound multipliers g + Aᵀν.
      let worst = -1;
      let worstViolation = 0;
      let scale = 0;
      const lam = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        let s = g[i]!;
        for (let e = 0; e < m; e++) s += a[e]![i]! * nu[e]!;
        lam[i] = s;
        scale = Math.max(scale, Math.abs(g[i]!), Math.abs(s - g[i]!));
      }
      // Relative to the gradient's size — and to Q's and c's, as g vanishes on a riskless optimum.
      let cMax = 0;
      for (let i = 0; i < n; i++) cMax = Math.max(cMax, Math.abs(c[i]!));
      const tol = 1e-10 * Math.max(scale + qScale * xMax + cMax, 1e-300);
      for (let i = 0; i < n; i++) {
        if (status[i] === FREE || pinned[i] || taboo.has(i)) continue;
        const violation = status[i] === AT_LOWER ? -lam[i]! : lam[i]!;
        if (violation > tol && violation > worstViolation) {
          worst = i;
          worstViolation = violation;
        }
      }
      if (worst < 0) {
        polish(x, a, b, free, lower, upper);
        return { x, nu, iterations: iter };
      }
      releasedFrom = status[worst]!;
      released = worst;
      status[worst] = FREE;
      lastExact = false;
      continue;
    }
    const hit = blocking(pF, free, 1);
    for (let t = 0; t < k; t++) {
      const i = free[t]!;
      x[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + hit.alpha * pF[t]!));
    }
    // After a full step x is the face's minimiser (up to rounding).
    lastExact = hit.block < 0;
    // A just-released variable blocked at once (degenerate, or a multiplier at rounding level):
    // it is not released again until the point moves.
    if (hit.alpha === 0 && hit.block >= 0 && hit.block === released) taboo.add(released);
    else if (hit.alpha > 0) taboo.clear();
    if (hit.block >= 0) fix(hit.block, hit.toLower);
    released = -1;
  }
  throw new QpNotConvergedError(`the quadratic program did not converge in ${maxIter} iterations`);
}

/** d with its component in the row space of A_F removed (so that A_F d = 0 exactly). */
function projectOut(d: readonly number[], a: readonly (readonly number[])[], free: readonly number[]): number[] {
  const m = a.length;
  if (m === 0) return [...d];
  const gram = a.map((re) => a.map((rh) => free.reduce((s, i) => s + re[i]! * rh[i]!, 0)));
  const ad = a.map((re) => free.reduce((s, i, t) => s + re[i]! * d[t]!, 0));
  const gp = smallPinv(gram);
  const coef = gp.map((row) => row.reduce((s, v, h) => s + v * ad[h]!, 0));
  return d.map((v, t) => {
    let out = v;
    for (let e = 0; e < m; e++) out -= a[e]![free[t]!]! * coef[e]!;
    return out;
  });
}

/** The rank of A's columns `cols` (through their m × m Gram matrix). */
function rankOf(a: readonly (readonly number[])[], cols: readonly number[]): number {
  const m = a.length;
  if (m === 0 || cols.length === 0) return 0;
  const gram = a.map((re) => a.map((rh) => cols.reduce((s, i) => s + re[i]! * rh[i]!, 0)));
  return Math.max(0, psdRank(gram, 1e-12));
}

function residual(a: readonly (readonly number[])[], b: readonly number[], x: readonly number[]): number[] {
  return a.map((row, e) => {
    let s = b[e]!;
    for (let i = 0; i < x.length; i++) s -= row[i]! * x[i]!;
    return s;
  });
}

/** The longest step α ≤ max along d (over the free variables) within the bounds, and the bound met. */
function ratioTest(
  d: readonly number[],
  free: readonly number[],
  x: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  max: number,
  skip: ReadonlySet<number>,
): { alpha: number; block: number; toLower: boolean } {
  let alpha = max;
  let block = -1;
  let toLower = false;
  for (let t = 0; t < free.length; t++) {
    const i = free[t]!;
    if (skip.has(i)) continue;
    const di = d[t]!;
    if (di < 0 && lower[i]! > -Infinity) {
      const s = (lower[i]! - x[i]!) / di;
      if (s < alpha) {
        alpha = Math.max(0, s);
        block = i;
        toLower = true;
      }
    } else if (di > 0 && upper[i]! < Infinity) {
      const s = (upper[i]! - x[i]!) / di;
      if (s < alpha) {
        alpha = Math.max(0, s);
        block = i;
        toLower = false;
      }
    }
  }
  return { alpha: Number.isFinite(alpha) ? alpha : 0, block, toLower };
}

/**
 * The step on the face F: p minimising ½pᵀQ_FFp + g_Fᵀp with A_F p = r, and the multipliers ν —
 * or, when the face has a direction of zero curvature (Q_FF d = 0, A_F d = 0), that direction.
 */
function faceStep(
  q: readonly (readonly number[])[],
  g: readonly number[],
  a: readonly (readonly number[])[],
  r: readonly number[],
  free: readonly number[],
): Step {
  const k = free.length;
  const m = a.length;
  if (k === 0) return { kind: "newton", p: [], nu: leastSquaresNu(g, a) };
  // K = Q_FF + ρ A_FᵀA_F, ρ making both terms of a size.
  let qd = 0;
  let am = 0;
  for (const i of free) {
    qd = Math.max(qd, q[i]![i]!);
    for (let e = 0; e < m; e++) am = Math.max(am, a[e]![i]! ** 2);
  }
  const rho = (qd > 0 ? qd : 1) / (am > 0 ? am : 1);
  const kk: number[][] = free.map((i) =>
    free.map((j) => {
      let v = q[i]![j]!;
      for (let e = 0; e < m; e++) v += rho * a[e]![i]! * a[e]![j]!;
      return v;
    }),
  );
  const f = pivotedCholesky(kk, 1e-12);
  if (f.rank < k) return { kind: "ray", d: pivotedNullVector(f, kk) };
  const gF = free.map((i) => g[i]!);
  const z = pivotedSolve(f, gF); // K⁻¹ g
  const y = a.map((row) =>
    pivotedSolve(
      f,
      free.map((i) => row[i]!),
    ),
  ); // K⁻¹ a_eᵀ
  // Schur complement S = A_F K⁻¹ A_Fᵀ; ν' = −S⁺ (r + A_F z); p = −z − Σ ν'_e y_e.
  const s: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const rhs = new Array<number>(m);
  for (let e = 0; e < m; e++) {
    const ae = a[e]!;
    let t0 = 0;
    for (let t = 0; t < k; t++) t0 += ae[free[t]!]! * z[t]!;
    rhs[e] = r[e]! + t0;
    for (let h = 0; h < m; h++) {
      let sum = 0;
      const yh = y[h]!;
      for (let t = 0; t < k; t++) sum += ae[free[t]!]! * yh[t]!;
      s[e]![h] = sum;
    }
  }
  const sp = smallPinv(s);
  const nuK = new Array<number>(m).fill(0);
  for (let e = 0; e < m; e++) {
    let sum = 0;
    for (let h = 0; h < m; h++) sum += sp[e]![h]! * rhs[h]!;
    nuK[e] = -sum;
  }
  const p = new Array<number>(k);
  for (let t = 0; t < k; t++) {
    let v = -z[t]!;
    for (let e = 0; e < m; e++) v -= nuK[e]! * y[e]![t]!;
    p[t] = v;
  }
  // The multipliers of the original problem: ν = ν' + ρ A_F p = ν' + ρ r.
  return { kind: "newton", p, nu: nuK.map((v, e) => v + rho * r[e]!) };
}

/** ν minimising ‖g + Aᵀν‖ (used when no variable is free). */
function leastSquaresNu(g: readonly number[], a: readonly (readonly number[])[]): number[] {
  const m = a.length;
  const n = g.length;
  const aat: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const ag = new Array<number>(m).fill(0);
  for (let e = 0; e < m; e++) {
    for (let h = 0; h < m; h++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[e]![i]! * a[h]![i]!;
      aat[e]![h] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += a[e]![i]! * g[i]!;
    ag[e] = s;
  }
  const p = smallPinv(aat);
  return p.map((row) => -row.reduce((acc, v, h) => acc + v * ag[h]!, 0));
}

/** Removes the rounding left in A x = b by the least-norm change of the free variables (kept in bounds). */
function polish(
  x: number[],
  a: readonly (readonly number[])[],
  b: readonly number[],
  free: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): void {
  if (free.length === 0 || a.length === 0) return;
  const r = residual(a, b, x);
  const aat = a.map((re) => a.map((rh) => free.reduce((s, i) => s + re[i]! * rh[i]!, 0)));
  const sp = smallPinv(aat);
  const mult = sp.map((row) => row.reduce((s, v, h) => s + v * r[h]!, 0));
  for (const i of free) {
    let d = 0;
    for (let e = 0; e < a.length; e++) d += a[e]![i]! * mult[e]!;
    x[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]! + d));
  }
}

/** Pseudo-inverse of the small Schur complement (1×1 inline, larger through Jacobi). */
function smallPinv(s: number[][]): number[][] {
  if (s.length === 0) return [];
  if (s.length === 1) {
    const v = s[0]![0]!;
    return [[v > 0 ? 1 / v : 0]];
  }
  return pinvSymmetric(s);
}
