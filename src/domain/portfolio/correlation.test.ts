import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { correlationFromCovariance, correlationMatrix } from "./correlation";
import { PortfolioInputError } from "./errors";
import type { Ret } from "./returns";

/** The 4-asset example (AGG, SPY, GLD, HYG) of ../shared/reference/portfolio.md B.3 (PyPortfolioOpt #75). */
const COV = [
  [0.000859, -0.000941, 0.001494, -0.000062],
  [-0.000941, 0.0224, -0.002184, 0.005747],
  [0.001494, -0.002184, 0.011518, -0.000129],
  [-0.000062, 0.005747, -0.000129, 0.002287],
];

/** Textbook Pearson over the indices where both are present (a test-local, independent version). */
function pearson(x: Ret[], y: Ret[]): number | null {
  const p = x
    .map((v, i) => [v, y[i]] as const)
    .filter((q): q is readonly [number, number] => q[0] !== null && q[1] !== null);
  if (p.length < 2) return null;
  const mx = p.reduce((s, q) => s + q[0], 0) / p.length;
  const my = p.reduce((s, q) => s + q[1], 0) / p.length;
  const sxy = p.reduce((s, q) => s + (q[0] - mx) * (q[1] - my), 0);
  const sxx = p.reduce((s, q) => s + (q[0] - mx) ** 2, 0);
  const syy = p.reduce((s, q) => s + (q[1] - my) ** 2, 0);
  return sxx === 0 || syy === 0 ? null : sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
}

describe("correlationFromCovariance", () => {
  it("the 4-asset reference correlations (printed to 6 decimals)", () => {
    const c = correlationFromCovariance(COV);
    const expected: [number, number, number][] = [
      [0, 1, -0.214521],
      [0, 2, 0.474969],
      [0, 3, -0.044235],
      [1, 2, -0.135969],
      [1, 3, 0.802942],
      [2, 3, -0.025134],
    ];
    for (const [i, j, rho] of expected) {
      expect(Math.abs(c[i]![j]! - rho)).toBeLessThan(5e-7);
      expect(c[j]![i]).toBe(c[i]![j]);
    }
    for (let i = 0; i < 4; i++) expect(c[i]![i]).toBe(1);
  });

  it("refuses a non-square, asymmetric or non-positive-variance matrix, naming cov", () => {
    const f = (cov: number[][]) => {
      try {
        correlationFromCovariance(cov);
      } catch (e) {
        expect(e).toBeInstanceOf(PortfolioInputError);
        return e as PortfolioInputError;
      }
      throw new Error("expected an error");
    };
    expect(f([[1, 0]]).message).toMatch(/cov must be square/);
    expect(
      f([
        [1, 0.5],
        [0.4, 1],
      ]).message,
    ).toMatch(/cov must be symmetric/);
    expect(
      f([
        [1, 0],
        [0, 0],
      ]).field,
    ).toBe("cov[1][1]");
    expect(
      f([
        [1, NaN],
        [NaN, 1],
      ]).field,
    ).toBe("cov[0][1]");
  });
});

describe("correlationMatrix", () => {
  it("agrees with the correlation of the sample covariance for complete series", () => {
    const a = [0.01, -0.02, 0.03, 0.0, 0.015];
    const b = [0.02, -0.01, 0.01, -0.005, 0.02];
    const c = [-0.01, 0.02, -0.02, 0.01, 0.0];
    const series = [a, b, c];
    const cov = series.map((x) =>
      series.map((y) => {
        const mx = x.reduce((s, v) => s + v, 0) / x.length;
        const my = y.reduce((s, v) => s + v, 0) / y.length;
        return x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / (x.length - 1);
      }),
    );
    const fromCov = correlationFromCovariance(cov);
    const m = correlationMatrix(series);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(m[i]![j]!).toBeCloseTo(fromCov[i]![j]!, 12);
  });

  it("property: symmetric, unit diagonal, in [−1, 1], each pair aligned on the periods both have", () => {
    const ret = fc.oneof(
      // Returns to a millionth (realistic magnitudes; subnormal products are not what this checks).
      { weight: 6, arbitrary: fc.integer({ min: -200_000, max: 200_000 }).map((v) => v / 1e6) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 40 })
          .chain((n) => fc.array(fc.array(ret, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 6 })),
        (series) => {
          const m = correlationMatrix(series);
          for (let i = 0; i < series.length; i++) {
            for (let j = 0; j < series.length; j++) {
              const p = pearson(series[i]!, series[j]!);
              if (p === null) expect(m[i]![j]).toBeNull();
              else {
                expect(m[i]![j]!).toBeCloseTo(i === j ? 1 : p, 9);
                expect(Math.abs(m[i]![j]!)).toBeLessThanOrEqual(1);
              }
              expect(m[i]![j]).toBe(m[j]![i]);
            }
          }
        },
      ),
    );
  });

  it("a series that does not vary has no correlation (null, not NaN); unequal lengths name the series", () => {
    const m = correlationMatrix([
      [0.01, 0.01, 0.01],
      [0.01, 0.02, 0.0],
    ]);
    expect(m).toEqual([
      [null, null],
      [null, 1],
    ]);
    expect(() => correlationMatrix([[0.01, 0.02], [0.01]], "returns")).toThrow(
      /returns\[1\] has 1 periods but returns\[0\] has 2/,
    );
    expect(() => correlationMatrix([])).toThrow(PortfolioInputError);
    expect(() => correlationMatrix([[0.01, Infinity]])).toThrow(/series\[0\]\[1\] must be a finite number/);
  });
});
