import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkCovariance, cholesky, choleskySolve, matVec, pinvSymmetric, psdRank, quadForm } from "./linalg";
import { refusal } from "./portfolio.fixtures";

/** B Bᵀ for a random n × k B: positive semi-definite of rank ≤ k. */
const gram = (b: number[][]) => b.map((ri) => b.map((rj) => ri.reduce((s, v, t) => s + v * rj[t]!, 0)));

describe("linalg", () => {
  it("Cholesky solves a positive-definite system", () => {
    const a = [
      [4, 2, 0.6],
      [2, 5, 1],
      [0.6, 1, 3],
    ];
    const l = cholesky(a)!;
    const x = choleskySolve(l, [1, 2, 3]);
    matVec(a, x).forEach((v, i) => expect(v).toBeCloseTo(i + 1, 12));
    expect(
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
  });

  it("psdRank: full rank, rank-deficient and indefinite", () => {
    expect(
      psdRank([
        [2, 1],
        [1, 2],
      ]),
    ).toBe(2);
    expect(
      psdRank([
        [1, 1],
        [1, 1],
      ]),
    ).toBe(1);
    expect(
      psdRank([
        [0, 0],
        [0, 0],
      ]),
    ).toBe(0);
    expect(
      psdRank([
        [1, 2],
        [2, 1],
      ]),
    ).toBe(-1);
    expect(
      psdRank([
        [0, 1],
        [1, 0],
      ]),
    ).toBe(-1);
    expect(
      psdRank([
        [1, 0],
        [0, -1e-3],
      ]),
    ).toBe(-1);
  });

  it("psdRank finds the rank of random Gram matrices and never calls them indefinite", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        (n, k, vals) => {
          const b = Array.from({ length: n }, (_, i) => Array.from({ length: k }, (_, t) => vals[i * 8 + t]!));
          const a = gram(b);
          const r = psdRank(a);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(Math.min(n, k));
          // and zᵀAz ≥ 0 for a few z
          for (let s = 0; s < 3; s++) expect(quadForm(a, vals.slice(s * 8, s * 8 + n))).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
    );
  });

  it("pinvSymmetric inverts a non-singular matrix and pseudo-inverts a singular one", () => {
    const p = pinvSymmetric([
      [2, 1],
      [1, 3],
    ]);
    expect(p[0]![0]).toBeCloseTo(0.6, 12);
    expect(p[0]![1]).toBeCloseTo(-0.2, 12);
    expect(p[1]![1]).toBeCloseTo(0.4, 12);
    const s = pinvSymmetric([
      [1, 1],
      [1, 1],
    ]);
    s.flat().forEach((v) => expect(v).toBeCloseTo(0.25, 12));
  });

  it("checkCovariance refuses bad matrices, naming the field", () => {
    expect(refusal(() => checkCovariance([])).field).toBe("cov");
    expect(refusal(() => checkCovariance([[1, 0], [0]])).message).toMatch(
      /cov must be square: row 1 has 1 entries, expected 2/,
    );
    expect(
      refusal(() =>
        checkCovariance([
          [1, 0.5],
          [0.4, 1],
        ]),
      ).message,
    ).toMatch(/symmetric: cov\[0\]\[1\] = 0.5 but cov\[1\]\[0\] = 0.4/);
    expect(
      refusal(() =>
        checkCovariance([
          [1, Number.NaN],
          [Number.NaN, 1],
        ]),
      ).message,
    ).toMatch(/cov\[0\]\[1\] must be a finite number, got NaN/);
    expect(
      refusal(() =>
        checkCovariance([
          [1, Infinity],
          [Infinity, 1],
        ]),
      ).message,
    ).toMatch(/Infinity/);
    expect(
      refusal(() =>
        checkCovariance([
          [-1, 0],
          [0, 1],
        ]),
      ).message,
    ).toMatch(/variance and must not be negative/);
    const npd = refusal(() =>
      checkCovariance([
        [0.01, 0.02],
        [0.02, 0.01],
      ]),
    );
    expect(npd.field).toBe("cov");
    expect(npd.message).toMatch(/not positive semi-definite/);
    expect(refusal(() => checkCovariance([[1]], 2)).message).toMatch(/must be 2 × 2/);
    // A semi-definite (singular) covariance is accepted.
    expect(
      checkCovariance([
        [1, 1],
        [1, 1],
      ]),
    ).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});
