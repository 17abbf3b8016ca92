import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PortfolioInputError } from "./errors";
import { normalInv } from "./normal";

/** scipy.stats.norm.ppf at these p (scipy 1.17, Cephes ndtri), for an independent check. */
const SCIPY: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [1e-10, -6.361340902404056],
  [1e-5, -4.264890793922825],
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.025, -1.9599639845400545],
  [0.05, -1.6448536269514729],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080409],
  [0.5, 0],
  [0.7, 0.5244005127080407],
  [0.9, 1.2815515655446004],
  [0.95, 1.6448536269514722],
  [0.975, 1.959963984540054],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
];

/** Φ by numerical integration of the density (Simpson, fine grid), independent of the quantile code. */
function phi(x: number): number {
  const a = -12;
  const steps = 20_000;
  const h = (x - a) / steps;
  const f = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let s = f(a) + f(x);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe("normalInv (AS241)", () => {
  it("matches scipy's norm.ppf within 1e-9 relative, across the three regions", () => {
    for (const [p, z] of SCIPY) {
      const got = normalInv(p);
      expect(Math.abs(got - z)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(z)));
    }
  });

  it("is antisymmetric and inverts Φ (round trip through a numerical integral)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
        expect(normalInv(1 - p)).toBeCloseTo(-normalInv(p), 6);
      }),
    );
    for (const p of [0.001, 0.05, 0.2, 0.5, 0.8, 0.99]) expect(phi(normalInv(p))).toBeCloseTo(p, 10);
  });

  it("±Infinity at 0 and 1; anything outside [0, 1] names the field", () => {
    expect(normalInv(0)).toBe(-Infinity);
    expect(normalInv(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, NaN]) {
      expect(() => normalInv(p, "cutoff")).toThrow(PortfolioInputError);
      expect(() => normalInv(p, "cutoff")).toThrow(/cutoff must be a probability from 0 to 1/);
    }
  });
});
