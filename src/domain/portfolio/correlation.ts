/**
 * Pearson correlations: of return series (each pair over the periods where both are present), and of
 * a covariance matrix. A correlation that is not defined (a series that does not vary, or fewer than 2
 * shared periods) is null, not NaN.
 */
import { PortfolioInputError } from "./errors";
import { checkReturns, isMissing, type Ret } from "./returns";

/**
 * The correlation matrix of `series` (all of one length, one per asset). Series without missing values
 * are centred once and each pair is one dot product; a pair where either has gaps is aligned on the
 * periods both have (means and deviations over those periods only).
 */
export function correlationMatrix(series: readonly (readonly Ret[])[], field = "series"): (number | null)[][] {
  if (!Array.isArray(series) || series.length === 0) {
    throw new PortfolioInputError(field, `${field} must be a non-empty list of return series`);
  }
  const k = series.length;
  const n = series[0]!.length;
  for (let a = 0; a < k; a++) {
    checkReturns(series[a]!, `${field}[${a}]`);
    if (series[a]!.length !== n) {
      throw new PortfolioInputError(
        `${field}[${a}]`,
        `${field}[${a}] has ${series[a]!.length} periods but ${field}[0] has ${n}: the series must cover the same periods`,
      );
    }
  }
  // Per series: values (NaN = missing), whether complete, and for complete ones centred values and norm.
  const raw: Float64Array[] = [];
  const complete: boolean[] = [];
  const centred: (Float64Array | null)[] = [];
  const norm: number[] = [];
  for (let a = 0; a < k; a++) {
    const s = series[a]!;
    const x = new Float64Array(n);
    let full = true;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = s[i];
      if (isMissing(v)) {
        x[i] = NaN;
        full = false;
      } else {
        x[i] = v as number;
        sum += v as number;
      }
    }
    raw.push(x);
    complete.push(full);
    if (full && n >= 2) {
      const mean = sum / n;
      const c = new Float64Array(n);
      let ss = 0;
      let same = true;
      for (let i = 0; i < n; i++) {
        c[i] = x[i]! - mean;
        ss += c[i]! * c[i]!;
        if (x[i] !== x[0]) same = false;
      }
      centred.push(c);
      norm.push(same ? 0 : Math.sqrt(ss));
    } else {
      centred.push(null);
      norm.push(0);
    }
  }
  const out: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const set = (a: number, b: number, r: number | null) => {
    const c = r === null ? null : Math.max(-1, Math.min(1, r));
    out[a]![b] = c;
    out[b]![a] = c;
  };
  for (let a = 0; a < k; a++) {
    const ca = centred[a];
    if (ca) set(a, a, norm[a] === 0 ? null : 1);
    else set(a, a, alignedPearson(raw[a]!, raw[a]!) === null ? null : 1);
    // Pairs of complete series: four dot products per pass over `ca` (independent sums, each in index
    // order, so the same result as one at a time, with the loads of ca shared).
    const full: number[] = [];
    for (let b = a + 1; b < k; b++) {
      if (ca && centred[b]) full.push(b);
      else set(a, b, alignedPearson(raw[a]!, raw[b]!));
    }
    let j = 0;
    for (; j + 4 <= full.length; j += 4) {
      const b0 = full[j]!;
      const b1 = full[j + 1]!;
      const b2 = full[j + 2]!;
      const b3 = full[j + 3]!;
      const c0 = centred[b0]!;
      const c1 = centred[b1]!;
      const c2 = centred[b2]!;
      const c3 = centred[b3]!;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let i = 0; i < n; i++) {
        const x = ca![i]!;
        d0 += x * c0[i]!;
        d1 += x * c1[i]!;
        d2 += x * c2[i]!;
        d3 += x * c3[i]!;
      }
      set(a, b0, pairFromDot(d0, norm[a]!, norm[b0]!));
      set(a, b1, pairFromDot(d1, norm[a]!, norm[b1]!));
      set(a, b2, pairFromDot(d2, norm[a]!, norm[b2]!));
      set(a, b3, pairFromDot(d3, norm[a]!, norm[b3]!));
    }
    for (; j < full.length; j++) {
      const b = full[j]!;
      const cb = centred[b]!;
      let d = 0;
      for (let i = 0; i < n; i++) d += ca![i]! * cb[i]!;
      set(a, b, pairFromDot(d, norm[a]!, norm[b]!));
    }
  }
  return out;
}

const pairFromDot = (dot: number, na: number, nb: number): number | null =>
  na === 0 || nb === 0 ? null : dot / (na * nb);

/** Pearson correlation over the indices where both are present (not NaN); null if undefined. */
function alignedPearson(x: Float64Array, y: Float64Array): number | null {
  let c = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i] || y[i] !== y[i]) continue;
    sx += x[i]!;
    sy += y[i]!;
    c++;
  }
  if (c < 2) return null;
  const mx = sx / c;
  const my = sy / c;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let x0 = NaN;
  let y0 = NaN;
  let xSame = true;
  let ySame = true;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i] || y[i] !== y[i]) continue;
    if (x0 !== x0) {
      x0 = x[i]!;
      y0 = y[i]!;
    } else {
      if (x[i] !== x0) xSame = false;
      if (y[i] !== y0) ySame = false;
    }
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (xSame || ySame || sxx === 0 || syy === 0) return null;
  return sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
}

/** ρ_ij = Σ_ij / √(Σ_ii Σ_jj) of a square, symmetric covariance matrix with positive variances. */
export function correlationFromCovariance(cov: readonly (readonly number[])[], field = "cov"): number[][] {
  if (!Array.isArray(cov) || cov.length === 0) {
    throw new PortfolioInputError(field, `${field} must be a non-empty square matrix`);
  }
  const k = cov.length;
  for (let i = 0; i < k; i++) {
    const row = cov[i];
    if (!Array.isArray(row) || row.length !== k) {
      throw new PortfolioInputError(
        field,
        `${field} must be square (${k} × ${k}): row ${i} has ${Array.isArray(row) ? row.length : "no"} entries`,
      );
    }
    for (let j = 0; j < k; j++) {
      if (typeof row[j] !== "number" || !Number.isFinite(row[j])) {
        throw new PortfolioInputError(
          `${field}[${i}][${j}]`,
          `${field}[${i}][${j}] must be a finite number, got ${String(row[j])}`,
        );
      }
    }
  }
  for (let i = 0; i < k; i++) {
    if (!(cov[i]![i]! > 0)) {
      throw new PortfolioInputError(
        `${field}[${i}][${i}]`,
        `${field}[${i}][${i}] is a variance and must be above 0, got ${cov[i]![i]}`,
      );
    }
    for (let j = 0; j < i; j++) {
      const a = cov[i]![j]!;
      const b = cov[j]![i]!;
      if (Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))) {
        throw new PortfolioInputError(field, `${field} must be symmetric: [${i}][${j}] = ${a} but [${j}][${i}] = ${b}`);
      }
    }
  }
  const m: readonly (readonly number[])[] = cov;
  const sd = m.map((row, i) => Math.sqrt(row[i]!));
  return m.map((row, i) => row.map((v, j) => (i === j ? 1 : Math.max(-1, Math.min(1, v / (sd[i]! * sd[j]!))))));
}
