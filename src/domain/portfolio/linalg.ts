/**
 * Small dense linear algebra for the portfolio optimiser: covariance checks (square, finite,
 * symmetric, positive semi-definite), Cholesky factorisation and solves. Matrices are arrays of
 * rows; sizes are a few hundred at most, so plain loops over number[] are fast enough.
 */
import { PortfolioInputError } from "./errors";

export type Matrix = readonly (readonly number[])[];

export const dot = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export function matVec(m: Matrix, v: readonly number[]): number[] {
  return m.map((row) => dot(row, v));
}

/** vᵀ M v. */
export function quadForm(m: Matrix, v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    s += vi * dot(m[i]!, v);
  }
  return s;
}

/**
 * Lower-triangular L with A = L Lᵀ, or null when A is not (numerically) positive definite:
 * a pivot at or below `tol` × the largest diagonal entry.
 */
export function cholesky(a: Matrix, tol = 1e-13): number[][] | null {
  const n = a.length;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i]![i]!));
  const floor = tol * maxDiag;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const lj = l[j]!;
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= lj[k]! * lj[k]!;
    if (!(d > floor) || d <= 0) return null;
    const djj = Math.sqrt(d);
    lj[j] = djj;
    for (let i = j + 1; i < n; i++) {
      const li = l[i]!;
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= li[k]! * lj[k]!;
      li[j] = s / djj;
    }
  }
  return l;
}

/** Solves L Lᵀ x = b for x, given the Cholesky factor L. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const li = l[i]!;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= li[k]! * y[k]!;
    y[i] = s / li[i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  return y;
}

/**
 * Whether a symmetric matrix is positive semi-definite, by Cholesky with complete (diagonal)
 * pivoting: the factorisation may stop early once every remaining pivot is ≤ tol × the largest
 * diagonal entry (a rank-deficient, still semi-definite matrix); a clearly negative pivot, or a
 * remainder with an off-diagonal entry larger than that tolerance, means an indefinite matrix.
 * Returns the numerical rank, or -1 when the matrix is not semi-definite.
 */
export function psdRank(a: Matrix, tol = 1e-10): number {
  const n = a.length;
  const s = a.map((r) => [...r]);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(s[i]![i]!));
  if (maxDiag === 0) {
    for (const r of s) for (const v of r) if (v !== 0) return -1;
    return 0;
  }
  const eps = tol * maxDiag;
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    // The largest remaining diagonal entry becomes the pivot.
    let p = k;
    for (let i = k + 1; i < n; i++) if (s[perm[i]!]![perm[i]!]! > s[perm[p]!]![perm[p]!]!) p = i;
    [perm[k], perm[p]] = [perm[p]!, perm[k]!];
    const pk = perm[k]!;
    const d = s[pk]![pk]!;
    if (d <= eps) {
      // What is left must be (numerically) zero: no diagonal below -eps, no off-diagonal above eps.
      for (let i = k; i < n; i++) {
        const ri = s[perm[i]!]!;
        if (ri[perm[i]!]! < -eps) return -1;
        for (let j = i + 1; j < n; j++) if (Math.abs(ri[perm[j]!]!) > eps) return -1;
      }
      return k;
    }
    // Schur complement update of the remaining block.
    const rk = s[pk]!;
    for (let i = k + 1; i < n; i++) {
      const pi = perm[i]!;
      const f = rk[pi]! / d;
      if (f === 0) continue;
      const ri = s[pi]!;
      for (let j = k + 1; j < n; j++) {
        const pj = perm[j]!;
        ri[pj] = ri[pj]! - f * rk[pj]!;
      }
    }
  }
  return n;
}

/**
 * Checks a covariance matrix for an n-asset problem (n = its size when not given) and returns a
 * symmetrised copy. Refusals name the field: not square, size mismatch, NaN/Infinity, not
 * symmetric, negative variance, not positive semi-definite.
 */
export function checkCovariance(cov: Matrix, n?: number, field = "cov"): number[][] {
  if (!Array.isArray(cov) || cov.length === 0)
    throw new PortfolioInputError(field, `${field} must be a non-empty square matrix`);
  const size = cov.length;
  if (n !== undefined && size !== n)
    throw new PortfolioInputError(field, `${field} has ${size} rows but there are ${n} assets: it must be ${n} × ${n}`);
  let maxAbs = 0;
  for (let i = 0; i < size; i++) {
    const row = cov[i];
    if (!Array.isArray(row) || row.length !== size)
      throw new PortfolioInputError(
        field,
        `${field} must be square: row ${i} has ${Array.isArray(row) ? row.length : 0} entries, expected ${size}`,
      );
    for (let j = 0; j < size; j++) {
      const v = row[j]!;
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new PortfolioInputError(field, `${field}[${i}][${j}] must be a finite number, got ${String(v)}`);
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
  }
  const out: number[][] = Array.from({ length: size }, () => new Array<number>(size));
  const symTol = 1e-9 * maxAbs;
  for (let i = 0; i < size; i++) {
    const d = cov[i]![i]!;
    if (d < 0)
      throw new PortfolioInputError(field, `${field}[${i}][${i}] is a variance and must not be negative, got ${d}`);
    out[i]![i] = d;
    for (let j = i + 1; j < size; j++) {
      const a = cov[i]![j]!;
      const b = cov[j]![i]!;
      if (Math.abs(a - b) > symTol)
        throw new PortfolioInputError(
          field,
          `${field} must be symmetric: ${field}[${i}][${j}] = ${a} but ${field}[${j}][${i}] = ${b}`,
        );
      out[i]![j] = out[j]![i] = (a + b) / 2;
    }
  }
  if (psdRank(out) < 0)
    throw new PortfolioInputError(
      field,
      `${field} is not positive semi-definite: some portfolio would have a negative variance. ` +
        "A covariance estimated from one set of prices always is; check the entries (or pass prices instead)",
    );
  return out;
}

/** Pseudo-inverse of a small symmetric positive semi-definite matrix (Jacobi eigenvalues). */
export function pinvSymmetric(a: Matrix, tol = 1e-12): number[][] {
  const m = a.length;
  const s = a.map((r) => [...r]);
  const v: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) off += s[i]![j]! ** 2;
    if (off < 1e-300) break;
    for (let p = 0; p < m; p++)
      for (let q = p + 1; q < m; q++) {
        const apq = s[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (s[q]![q]! - s[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const skp = s[k]![p]!;
          const skq = s[k]![q]!;
          s[k]![p] = c * skp - sn * skq;
          s[k]![q] = sn * skp + c * skq;
        }
        for (let k = 0; k < m; k++) {
          const spk = s[p]![k]!;
          const sqk = s[q]![k]!;
          s[p]![k] = c * spk - sn * sqk;
          s[q]![k] = sn * spk + c * sqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - sn * vkq;
          v[k]![q] = sn * vkp + c * vkq;
        }
      }
  }
  const eig = s.map((r, i) => r[i]!);
  const maxEig = Math.max(0, ...eig.map(Math.abs));
  const out: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let k = 0; k < m; k++) {
    const e = eig[k]!;
    if (!(Math.abs(e) > tol * maxEig) || e === 0) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i]![j] = out[i]![j]! + (v[i]![k]! * v[j]![k]!) / e;
  }
  return out;
}

/**
 * Cholesky with complete (diagonal) pivoting of a symmetric positive semi-definite matrix:
 * K[perm[i]][perm[j]] = (L Lᵀ)[i][j] for i, j < rank, stopping when the largest remaining pivot is
 * ≤ tol × the largest diagonal entry.
 */
export interface PivotedCholesky {
  l: number[][];
  perm: number[];
  rank: number;
}

export function pivotedCholesky(a: Matrix, tol = 1e-12): PivotedCholesky {
  const n = a.length;
  const w = a.map((r) => [...r]);
  const perm = Array.from({ length: n }, (_, i) => i);
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, w[i]![i]!);
  const floor = tol * maxDiag;
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (w[perm[i]!]![perm[i]!]! > w[perm[p]!]![perm[p]!]!) p = i;
    if (p !== j) {
      [perm[j], perm[p]] = [perm[p]!, perm[j]!];
      [l[j], l[p]] = [l[p]!, l[j]!];
    }
    const pj = perm[j]!;
    const d = w[pj]![pj]!;
    if (!(d > floor) || d <= 0) return { l, perm, rank: j };
    const ljj = Math.sqrt(d);
    l[j]![j] = ljj;
    for (let i = j + 1; i < n; i++) l[i]![j] = w[perm[i]!]![pj]! / ljj;
    for (let i = j + 1; i < n; i++) {
      const wi = w[perm[i]!]!;
      const lij = l[i]![j]!;
      if (lij === 0) continue;
      for (let t = j + 1; t < n; t++) wi[perm[t]!] = wi[perm[t]!]! - lij * l[t]![j]!;
    }
  }
  return { l, perm, rank: n };
}

/** Solves K x = b with a full-rank pivoted factor of K. */
export function pivotedSolve(f: PivotedCholesky, b: readonly number[]): number[] {
  const n = f.perm.length;
  const y = leadingSolve(f, n, (p) => b[p]!);
  const x = new Array<number>(n);
  for (let i = 0; i < n; i++) x[f.perm[i]!] = y[i]!;
  return x;
}

/**
 * Solves L11 L11ᵀ y = c over the factor's leading m × m block (forward, then back substitution),
 * where c[i] = rhs(perm[i]).
 */
function leadingSolve(f: PivotedCholesky, m: number, rhs: (p: number) => number): number[] {
  const y = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    const li = f.l[i]!;
    let s = rhs(f.perm[i]!);
    for (let t = 0; t < i; t++) s -= li[t]! * y[t]!;
    y[i] = s / li[i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let t = i + 1; t < m; t++) s -= f.l[t]![i]! * y[t]!;
    y[i] = s / f.l[i]![i]!;
  }
  return y;
}

/** A vector d ≠ 0 with K d ≈ 0, from a rank-deficient pivoted factor of K (rank < n). */
export function pivotedNullVector(f: PivotedCholesky, k: Matrix): number[] {
  const n = f.perm.length;
  const r = f.rank;
  const j = f.perm[r]!;
  // Solve K11 y = K12 e_j with K11 = L11 L11ᵀ (the leading r × r block, permuted).
  const y = leadingSolve(f, r, (p) => k[p]![j]!);
  const d = new Array<number>(n).fill(0);
  for (let i = 0; i < r; i++) d[f.perm[i]!] = -y[i]!;
  d[j] = 1;
  return d;
}
