import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaAlpha, computeMetrics } from "./metrics";
import { refusal as thrown } from "./portfolio.fixtures";
import { cumulativeReturns, drawdownSeries, simpleReturns, type Ret } from "./returns";

/** empyrical's test vectors (../shared/reference/portfolio.md B.3). */
const mixed: Ret[] = [null, 0.01, 0.1, -0.04, 0.02, 0.03, 0.02, 0.01, -0.1];
const simpleBenchmark: Ret[] = [0, 0.01, 0, 0.01, 0, 0.01, 0, 0.01, 0];
const positive: Ret[] = [0.01, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01];
const TOL = 1e-8;

describe("computeMetrics: empyrical reference cases (B.3, tolerance 1e-8)", () => {
  const m = computeMetrics(mixed);

  it("mixed_returns: cumulative and annual return, volatility, Sharpe, downside risk, Sortino, drawdown, Calmar", () => {
    expect(m.periods).toBe(9);
    expect(m.cumulativeReturn).toBeCloseTo(0.0389310917, 9);
    expect(Math.abs(m.annualReturn - 1.9135925373194231)).toBeLessThan(TOL);
    expect(Math.abs(m.annualVolatility - 0.9136465399704637)).toBeLessThan(TOL);
    expect(Math.abs(m.sharpe! - 1.7238613961706866)).toBeLessThan(TOL);
    expect(Math.abs(m.downsideRisk - 0.6044832503882965)).toBeLessThan(TOL);
    expect(Math.abs(m.sortino! - 2.605531251673693)).toBeLessThan(TOL);
    expect(Math.abs(m.maxDrawdown - -0.1)).toBeLessThan(TOL);
    expect(Math.abs(m.calmar! - 19.135925373194233)).toBeLessThan(TOL);
  });

  it("mixed_returns: Sharpe against a per-period risk-free series, downside risk with MAR 0.1", () => {
    expect(Math.abs(computeMetrics(mixed, { riskFree: simpleBenchmark }).sharpe! - 0.34111411441060574)).toBeLessThan(
      TOL,
    );
    expect(Math.abs(computeMetrics(mixed, { mar: 0.1 }).downsideRisk - 1.7161730681956295)).toBeLessThan(TOL);
  });

  it("mixed_returns: cum_returns from 0 (the missing first period compounds as 0)", () => {
    // The reference vector as printed (8 decimals, so compared within 5e-9), except its fourth entry:
    // it reads 0.066559, but 1.01 × 1.1 × 0.96 = 1.06656 exactly (and the next entry, 1.06656 × 1.02 =
    // 1.0878912, agrees with 1.06656), so the reference's 0.066559 is a typo for 0.06656.
    const expected = [0, 0.01, 0.111, 0.06656, 0.0878912, 0.12052794, 0.14293849, 0.15436788, 0.03893109];
    const got = cumulativeReturns(mixed);
    expect(got).toHaveLength(9);
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(5e-9));
    expect(Math.abs(got[3]! - 0.066559)).toBeCloseTo(1e-6, 12);
    // Start 100: 103.89310.
    expect(100 * (1 + got[8]!)).toBeCloseTo(103.8931, 4);
  });

  it("mixed_returns: VaR, CVaR and parametric VaR as numpy computes them", () => {
    // numpy: np.percentile(r, 5), r[r <= var].mean(), r.mean() + r.std(ddof=1) * norm.ppf(0.05).
    expect(Math.abs(m.var - -0.079)).toBeLessThan(TOL);
    expect(Math.abs(m.cvar - -0.1)).toBeLessThan(TOL);
    expect(Math.abs(m.parametricVar - -0.08841843556165416)).toBeLessThan(TOL);
    const m30 = computeMetrics(mixed, { cutoff: 0.3 });
    expect(Math.abs(m30.var - 0.01)).toBeLessThan(TOL);
    expect(Math.abs(m30.cvar - -0.03)).toBeLessThan(TOL);
    expect(Math.abs(m30.parametricVar - -0.023931516052470115)).toBeLessThan(TOL);
  });

  it("positive_returns: Sharpe 52.915026221291804, max drawdown 0, no Sortino or Calmar (no downside)", () => {
    const p = computeMetrics(positive);
    expect(Math.abs(p.sharpe! - 52.915026221291804)).toBeLessThan(TOL);
    expect(p.maxDrawdown).toBe(0);
    expect(p.downsideRisk).toBe(0);
    expect(p.sortino).toBeNull();
    expect(p.calmar).toBeNull();
    expect(p).toMatchObject({ maxDrawdownPeak: 0, maxDrawdownTrough: 0, maxDrawdownRecovery: 0 });
  });
});

describe("computeMetrics: max drawdown dates (indices into wealth, 0 = the starting 1.0)", () => {
  it("peak, trough and recovery of the deepest drawdown", () => {
    // wealth 1, 1.1, 0.88, 0.924, 0.8316, 1.2474, 1.18503: high 1.1 at 1, bottom 0.8316 at 4, back above at 5.
    const m = computeMetrics([0.1, -0.2, 0.05, -0.1, 0.5, -0.05]);
    expect(m.maxDrawdown).toBeCloseTo(0.8316 / 1.1 - 1, 12);
    expect(m).toMatchObject({ maxDrawdownPeak: 1, maxDrawdownTrough: 4, maxDrawdownRecovery: 5 });
  });

  it("not recovered: recovery null; mixed_returns bottoms at the end", () => {
    expect(computeMetrics([0.1, -0.2, 0.05])).toMatchObject({
      maxDrawdownPeak: 1,
      maxDrawdownTrough: 2,
      maxDrawdownRecovery: null,
    });
    expect(computeMetrics(mixed)).toMatchObject({
      maxDrawdownPeak: 8,
      maxDrawdownTrough: 9,
      maxDrawdownRecovery: null,
    });
  });

  it("a first negative return is a drawdown from the starting 1.0", () => {
    const m = computeMetrics([-0.1, 0.05, 0.1]);
    expect(m.maxDrawdown).toBeCloseTo(-0.1, 12);
    expect(m).toMatchObject({ maxDrawdownPeak: 0, maxDrawdownTrough: 1, maxDrawdownRecovery: 3 });
  });

  it("the peak is the most recent high (a missing period at the high moves it); a deeper later drawdown wins", () => {
    expect(computeMetrics([0.1, null, -0.2, 0.01])).toMatchObject({ maxDrawdownPeak: 2, maxDrawdownTrough: 3 });
    // First drawdown −10 % recovered at 3, second −30 % from the high at 3.
    const m = computeMetrics([-0.1, 0.05, 0.1, -0.3, 0.1]);
    expect(m.maxDrawdown).toBeCloseTo(-0.3, 12);
    expect(m).toMatchObject({ maxDrawdownPeak: 3, maxDrawdownTrough: 4, maxDrawdownRecovery: null });
  });

  it("a total loss: drawdown −1, annual return −1", () => {
    const m = computeMetrics([0.1, -1, 0.5]);
    expect(m.maxDrawdown).toBe(-1);
    expect(m.annualReturn).toBe(-1);
    expect(m.cumulativeReturn).toBe(-1);
  });
});

describe("beta and alpha against a benchmark", () => {
  // By hand: x̄ = 0.005, ȳ = 0.01; Σ(x−x̄)(y−ȳ) = 0.0008, Σ(x−x̄)² = 0.0009 → β = 8/9;
  // α per period = ȳ − βx̄ = 1/180, annualised (1 + 1/180)^252 − 1.
  const r = [0.02, -0.01, 0.03, 0];
  const b = [0.01, -0.02, 0.02, 0.01];

  it("a hand-computed four-period case", () => {
    const m = computeMetrics(r, { benchmark: b });
    expect(m.beta).toBeCloseTo(8 / 9, 12);
    expect(m.alpha).toBeCloseTo((1 + 1 / 180) ** 252 - 1, 9);
  });

  it("a risk-free rate leaves beta and takes rf·(1 − β) off alpha per period", () => {
    const m = computeMetrics(r, { benchmark: b, riskFree: 0.001 });
    expect(m.beta).toBeCloseTo(8 / 9, 12);
    expect(m.alpha).toBeCloseTo((1 + 1 / 180 - 0.001 / 9) ** 252 - 1, 9);
  });

  it("mixed_returns against simple_benchmark: numpy cov/var on the aligned pairs", () => {
    const m = computeMetrics(mixed, { benchmark: simpleBenchmark });
    expect(Math.abs(m.beta! - -0.75)).toBeLessThan(TOL);
    expect(Math.abs(m.alpha! / 11.274002099240244 - 1)).toBeLessThan(TOL);
  });

  it("missing on either side drops the pair; a constant benchmark gives null beta and alpha", () => {
    const m = computeMetrics([...r, null, 0.5], { benchmark: [...b, 0.03, null] });
    expect(m.beta).toBeCloseTo(8 / 9, 12);
    expect(computeMetrics(r, { benchmark: [0.01, 0.01, 0.01, 0.01] })).toMatchObject({ beta: null, alpha: null });
    expect(computeMetrics(r)).not.toHaveProperty("beta");
  });

  it("property: r = c + k·b gives β = k and α = (1 + c)^A − 1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 3, maxLength: 60 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        (bench, k, c) => {
          fc.pre(Math.max(...bench) - Math.min(...bench) > 1e-4);
          const ret = bench.map((x) => c + k * x);
          const { beta, alpha } = betaAlpha(ret, bench, 0, 12);
          expect(beta!).toBeCloseTo(k, 8);
          expect(alpha!).toBeCloseTo((1 + c) ** 12 - 1, 8);
        },
      ),
    );
  });
});

describe("computeMetrics: degenerate series", () => {
  it("constant returns: volatility exactly 0, Sharpe null (not Infinity or NaN)", () => {
    for (const v of [0.01, 0.1, 0, -0.003]) {
      const m = computeMetrics(Array(30).fill(v));
      expect(m.annualVolatility).toBe(0);
      expect(m.sharpe).toBeNull();
      expect(m.var).toBe(v);
      expect(m.cvar).toBe(v);
      expect(m.parametricVar).toBe(v);
      expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    }
  });

  it("all-zero returns: every number finite, ratios null", () => {
    const m = computeMetrics([0, 0, 0]);
    expect(m).toMatchObject({
      cumulativeReturn: 0,
      annualReturn: 0,
      sharpe: null,
      sortino: null,
      calmar: null,
      maxDrawdown: 0,
    });
  });

  it("from prices: flat prices give a zero return everywhere", () => {
    const m = computeMetrics(simpleReturns([10, 10, 10, 10]));
    expect(m.annualVolatility).toBe(0);
    expect(m.sharpe).toBeNull();
  });
});

describe("computeMetrics: bad input names the field", () => {
  it("empty, too short, or all missing", () => {
    expect(thrown(() => computeMetrics([])).field).toBe("returns");
    expect(thrown(() => computeMetrics([0.01])).message).toMatch(
      /returns needs at least 2 values that are not missing, got 1/,
    );
    expect(thrown(() => computeMetrics([null, 0.01, null])).message).toMatch(/got 1 \(of 3 periods\)/);
  });

  it("Infinity or a return below −100 %", () => {
    expect(thrown(() => computeMetrics([0.01, Infinity])).field).toBe("returns[1]");
    const e = thrown(() => computeMetrics([0.01, -1.5, 0.02]));
    expect(e.field).toBe("returns[1]");
    expect(e.message).toMatch(/at least -1/);
  });

  it("NaN is a missing period, like null", () => {
    const a = computeMetrics([NaN, 0.01, 0.1, -0.04, 0.02, 0.03, 0.02, 0.01, -0.1]);
    expect(a).toEqual(computeMetrics(mixed));
  });

  it("options: periodsPerYear bounds, riskFree, mar, cutoff outside (0, 1), benchmark length", () => {
    const r = [0.01, 0.02, -0.01];
    for (const periodsPerYear of [0, 0.5, -252, 10_000, NaN, Infinity]) {
      const e = thrown(() => computeMetrics(r, { periodsPerYear }));
      expect(e.field).toBe("periodsPerYear");
      expect(e.message).toMatch(/from 1 to 8,760/);
    }
    expect(thrown(() => computeMetrics(r, { riskFree: 1 })).field).toBe("riskFree");
    expect(thrown(() => computeMetrics(r, { riskFree: [0, 0] })).message).toMatch(
      /riskFree must have one value per period of returns \(3\), got 2/,
    );
    expect(thrown(() => computeMetrics(r, { riskFree: [0, NaN, 2] })).field).toBe("riskFree[2]");
    expect(thrown(() => computeMetrics(r, { mar: -1 })).field).toBe("mar");
    for (const cutoff of [0, 1, -0.1, 1.5, NaN]) {
      const e = thrown(() => computeMetrics(r, { cutoff }));
      expect(e.field).toBe("cutoff");
      expect(e.message).toMatch(/between 0 and 1/);
    }
    const e = thrown(() => computeMetrics(r, { benchmark: [0.01, 0.02] }));
    expect(e.field).toBe("benchmark");
    expect(e.message).toMatch(/one value per period of returns \(3\), got 2/);
    expect(thrown(() => computeMetrics(r, { benchmark: [0.01, -Infinity, 0] })).field).toBe("benchmark[1]");
  });
});

describe("computeMetrics: properties", () => {
  const ret = fc.oneof(
    { weight: 9, arbitrary: fc.double({ min: -0.3, max: 0.3, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const series = fc.array(ret, { minLength: 2, maxLength: 200 }).filter((a) => a.filter((v) => v !== null).length >= 2);

  it("drawdown series and cumulative returns agree with the summary; VaR within the range; CVaR ≤ VaR", () => {
    fc.assert(
      fc.property(series, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (r, cutoff) => {
        const m = computeMetrics(r, { cutoff });
        const dd = drawdownSeries(r);
        expect(dd).toHaveLength(r.length + 1);
        expect(dd[0]).toBe(0);
        expect(Math.min(...dd)).toBeCloseTo(m.maxDrawdown, 12);
        expect(dd[m.maxDrawdownTrough]).toBeCloseTo(m.maxDrawdown, 12);
        expect(m.maxDrawdown).toBeGreaterThanOrEqual(-1);
        expect(m.maxDrawdown).toBeLessThanOrEqual(0);
        expect(m.maxDrawdownPeak).toBeLessThanOrEqual(m.maxDrawdownTrough);
        if (m.maxDrawdownRecovery !== null) expect(m.maxDrawdownRecovery).toBeGreaterThanOrEqual(m.maxDrawdownTrough);
        const cum = cumulativeReturns(r);
        expect(cum[cum.length - 1]).toBeCloseTo(m.cumulativeReturn, 12);
        const present = r.filter((v): v is number => v !== null);
        expect(m.var).toBeGreaterThanOrEqual(Math.min(...present));
        expect(m.var).toBeLessThanOrEqual(Math.max(...present));
        expect(m.cvar).toBeLessThanOrEqual(m.var + 1e-15);
        expect(m.annualVolatility).toBeGreaterThanOrEqual(0);
        expect(m.downsideRisk).toBeGreaterThanOrEqual(0);
        for (const v of Object.values(m)) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      }),
    );
  });

  it("inserting missing periods leaves volatility, Sharpe, VaR and the cumulative return unchanged", () => {
    fc.assert(
      fc.property(series, fc.nat(5), (r, gaps) => {
        const withGaps = [...r.slice(0, 1), ...Array<null>(gaps).fill(null), ...r.slice(1)];
        const a = computeMetrics(r);
        const b = computeMetrics(withGaps);
        expect(b.periods).toBe(r.length + gaps);
        expect(b.annualVolatility).toBe(a.annualVolatility);
        expect(b.sharpe).toBe(a.sharpe);
        expect(b.var).toBe(a.var);
        expect(b.cvar).toBe(a.cvar);
        expect(b.cumulativeReturn).toBe(a.cumulativeReturn);
        expect(b.maxDrawdown).toBe(a.maxDrawdown);
      }),
    );
  });

  it("a Float64Array with NaN gives what the list with null gives", () => {
    fc.assert(
      fc.property(series, (r) => {
        const typed = Float64Array.from(r, (v) => (v === null ? NaN : v));
        expect(computeMetrics(typed)).toEqual(computeMetrics(r));
      }),
    );
  });
});
