import { beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { backtest, CALIBRATION_LEVELS, type BacktestInput } from "./backtest";
import { ForecastCancelledError } from "./errors";
import { inputError } from "./forecast.fixtures";
import { exactWhenCdf } from "./exact";

const TOL = 0.015;
type Req = Pick<BacktestInput, "samples" | "backlog">;
const run = (input: Req & Partial<BacktestInput>, seed = 42) =>
  backtest({ trials: 10_000, seed, percentiles: [50, 95], ...input }, { rng: createRng(seed) });

/** Reference rule (A.4): v is right for q when CDF(v) ≥ q − TOL and CDF(v − 1) < q + TOL. */
function expectWithinRule(cdf: number[], q: number, v: number | null) {
  expect(v).not.toBeNull();
  expect(cdf[v!]!, `CDF(${v}) for ${q}`).toBeGreaterThanOrEqual(q - TOL);
  expect(v === 0 ? 0 : cdf[v! - 1]!, `CDF(${v! - 1}) for ${q}`).toBeLessThan(q + TOL);
}

describe("backtest — replay", () => {
  // Rolling window of 4, backlog 10. Replays by hand (cumulative sums after each cut-off):
  // c=4: 2,5,7,16 → 4 · c=5: 3,5,14 → 3 · c=6: 2,11 → 2 · c=7: 9,18 → 2 · c=8: 9 → censored.
  // Exact P50/P95 of the training slices: [5,5,5,5] 2/2 · [5,5,5,2] 2/4 · [5,5,2,3] 3/4 · [5,2,3,2] 4/5.
  const samples = [5, 5, 5, 5, 2, 3, 2, 9, 9];
  const r = run({ samples, backlog: 10, minTrain: 4, window: 4 });

  it("replays the realised throughput after each cut-off", () => {
    expect(r.folds.map((f) => [f.cutoff, f.trainSize, f.actual])).toEqual([
      [4, 4, 4],
      [5, 4, 3],
      [6, 4, 2],
      [7, 4, 2],
      [8, 4, null],
    ]);
    expect(r.censored).toBe(1);
  });

  it("forecasts each fold from its training slice only (exact oracle)", () => {
    expect(r.folds.slice(0, 4).map((f) => f.forecast)).toEqual([
      { "50": 2, "95": 2 },
      { "50": 2, "95": 4 },
      { "50": 3, "95": 4 },
      { "50": 4, "95": 5 },
    ]);
    for (const f of r.folds) {
      const cdf = exactWhenCdf(samples.slice(f.cutoff - 4, f.cutoff), 10, 40);
      for (const q of [50, 95]) expectWithinRule(cdf, q / 100, f.forecast[String(q)]!);
    }
  });

  it("counts coverage, metrics and calibration over uncensored folds", () => {
    expect(r.coverage).toEqual({
      "50": { hits: 2, total: 4, rate: 0.5 },
      "95": { hits: 3, total: 4, rate: 0.75 },
    });
    // P50 forecasts [2,2,3,4] against actuals [4,3,2,2]: errors −2, −1, 1, 2.
    const m = r.metrics["50"]!;
    expect([m.n, m.mae, m.over, m.under]).toEqual([4, 1.5, 2, 2]);
    expect(m.rmse).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(m.mpe).toBeCloseTo((-50 - 100 / 3 + 50 + 100) / 4, 10);
    expect(r.calibration.map((c) => c.level)).toEqual(CALIBRATION_LEVELS);
    expect(r.calibration.find((c) => c.level === 50)!.observed).toBe(0.5);
    expect(r.calibration.find((c) => c.level === 95)!.observed).toBe(0.75);
    for (let i = 1; i < r.calibration.length; i++) {
      expect(r.calibration[i]!.observed!).toBeGreaterThanOrEqual(r.calibration[i - 1]!.observed!);
    }
  });

  it("censors folds whose backlog is not reached before the history (or maxPeriods) ends", () => {
    const c = run({ samples: [3, 3, 3, 3, 3, 3], backlog: 7, minTrain: 2 });
    expect(c.folds.map((f) => f.actual)).toEqual([3, 3, null, null]);
    expect([c.censored, c.coverage["95"]!.total, c.coverage["95"]!.rate]).toEqual([2, 2, 1]);
    expect(c.metrics["50"]).toMatchObject({ n: 2, mae: 0, r2: null }); // equal actuals: R² undefined

    const all = run({ samples: [3, 3, 3, 3, 3, 3], backlog: 100, minTrain: 2 });
    expect(all.censored).toBe(4);
    expect(all.coverage["50"]).toEqual({ hits: 0, total: 0, rate: null });
    expect(all.metrics["50"]).toBeNull();
    expect(all.calibration.every((x) => x.observed === null)).toBe(true);

    const capped = run({ samples: new Array(20).fill(1), backlog: 5, minTrain: 5, maxPeriods: 4 });
    expect(capped.censored).toBe(capped.folds.length);
    expect(capped.folds[0]!.forecast).toEqual({ "50": null, "95": null });
  });

  it("a forecast beyond maxPeriods (all-zero training slice) is a hit, left out of the metrics", () => {
    const z = run({ samples: [0, 0, 0, 0, 5, 5, 5, 5], backlog: 5, minTrain: 2, window: 2 });
    expect(z.folds.slice(0, 3).map((f) => [f.forecast["50"], f.actual])).toEqual([
      [null, 3],
      [null, 2],
      [null, 1],
    ]);
    expect(z.coverage["50"]).toEqual({ hits: 6, total: 6, rate: 1 });
    expect(z.metrics["50"]!.n).toBe(3); // only cut-offs 5, 6 and 7 have finite forecasts
  });
});

describe("backtest — coverage on synthetic i.i.d. histories", () => {
  // Five histories of 1,000 periods drawn i.i.d. from a fixed, skewed discrete distribution;
  // backlog 30 (≈ 10 periods), expanding window from 100 periods, 2,000 trials per fold.
  // Tolerance: folds overlap (each replay spans ~10 periods), so one history's coverage varies
  // with sd ≈ 0.032 (measured over 20 histories); pooled over five, SE ≈ 0.014. Whole periods
  // round each forecast UP (nearest rank), so coverage sits slightly above nominal: for the true
  // distribution CDF(P85) = 0.866 and CDF(P50) = 0.579. Hence P85 within 0.05 of 0.85 (≈ 0.016
  // rounding + 2.4 SE) and P50 within 0.1 of 0.5 (pmf at P50 is 0.103).
  // Measured: P50 0.5704, P70 0.7473, P85 0.8750, P95 0.9584 over 4,448 uncensored folds.
  const DIST = [0, 0, 0, 1, 1, 2, 3, 5, 8, 13];
  const BACKLOG = 30;
  const levels = [50, 70, 85, 95];
  const exact = exactWhenCdf(DIST, BACKLOG, 1000);
  const hits: Record<string, number> = {};
  const implied: Record<string, number> = {};
  let total = 0;
  beforeAll(() => {
    for (let h = 0; h < 5; h++) {
      const rng = createRng(100 + h);
      const samples = Array.from({ length: 1000 }, () => DIST[Math.floor(rng() * DIST.length)]!);
      const r = backtest(
        { samples, backlog: BACKLOG, minTrain: 100, trials: 2000, seed: h, percentiles: levels },
        { rng: createRng(h) },
      );
      total += r.coverage["50"]!.total;
      for (const q of levels) {
        hits[q] = (hits[q] ?? 0) + r.coverage[q]!.hits;
        for (const f of r.folds) if (f.actual !== null) implied[q] = (implied[q] ?? 0) + exact[f.forecast[q]!]!;
      }
    }
  });
  const rate = (q: number) => hits[q]! / total;

  it("P85 forecasts are not exceeded in about 85 % of folds, P50 in about half", () => {
    expect(total).toBeGreaterThan(4000);
    expect(Math.abs(rate(85) - 0.85)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(rate(50) - 0.5)).toBeLessThanOrEqual(0.1);
    expect(rate(50)).toBeLessThan(rate(70));
    expect(rate(70)).toBeLessThan(rate(85));
    expect(rate(85)).toBeLessThan(rate(95));
  });

  it("realised coverage matches the coverage the forecasts imply under the true distribution", () => {
    // Replays are unbiased: the hit rate equals the mean true CDF at the forecasts, within ~3 SE.
    for (const q of levels) expect(Math.abs(rate(q) - implied[q]! / total), `P${q}`).toBeLessThanOrEqual(0.04);
  });
});

describe("backtest — determinism and bounds", () => {
  const rng = createRng(9);
  const history = Array.from({ length: 40 }, () => Math.floor(rng() * 9));

  it("is deterministic for a seed; each fold's forecast depends only on seed and cut-off", () => {
    const a = run({ samples: history, backlog: 25 }, 7);
    expect(run({ samples: history, backlog: 25 }, 7)).toEqual(a);
    const b = run({ samples: history, backlog: 25 }, 8);
    expect(b.folds.map((f) => f.forecast)).not.toEqual(a.folds.map((f) => f.forecast));
    const stepped = run({ samples: history, backlog: 25, step: 4 }, 7);
    expect(stepped.folds.map((f) => f.cutoff)).toEqual([8, 12, 16, 20, 24, 28, 32, 36]);
    for (const f of stepped.folds) expect(f).toEqual(a.folds.find((x) => x.cutoff === f.cutoff));
    expect(a.seed).toBe(7);
  });

  const field = (input: Partial<BacktestInput>) =>
    inputError(() => run({ samples: history, backlog: 25, ...input })).field;
  it.each([
    [{ samples: [] }, "samples"],
    [{ samples: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, "samples"],
    [{ samples: [1, 2, -3, 4, 5, 6, 7, 8, 9, 10] }, "samples"],
    [{ samples: [1, 2, 3, 4, 5, 6, 7, 8] }, "samples"], // not more than minTrain (8)
    [{ minTrain: 40 }, "samples"],
    [{ minTrain: 0 }, "minTrain"],
    [{ backlog: 0 }, "backlog"],
    [{ backlog: 2.5 }, "backlog"],
    [{ window: 0 }, "window"],
    [{ step: 0 }, "step"],
    [{ trials: 0 }, "trials"],
    [{ trials: 100_000_000 }, "trials"],
    [{ seed: -1 }, "seed"],
    [{ maxPeriods: 0 }, "maxPeriods"],
    [{ percentiles: [0] }, "percentiles"],
  ] as [Partial<BacktestInput>, string][])("%j → %s", (input, name) => {
    expect(field(input)).toBe(name);
  });
  it("names the limit when the work is too large", () => {
    expect(() => run({ samples: history, backlog: 25, trials: 100_000_000 })).toThrow(
      /32 folds.*limit of 2,000,000,000/,
    );
  });

  it("reports non-decreasing progress ending at 1, and stops between chunks when aborted", () => {
    const seen: number[] = [];
    backtest(
      { samples: history, backlog: 25, trials: 20_000, seed: 1, percentiles: [85] },
      { rng: createRng(1), onProgress: (f) => seen.push(f) },
    );
    expect(seen.length).toBeGreaterThan(32);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(seen.at(-1)).toBe(1);

    const signal = { aborted: false };
    let calls = 0;
    const onProgress = () => {
      if (++calls === 5) signal.aborted = true;
    };
    const input = { samples: history, backlog: 25, trials: 20_000, seed: 1, percentiles: [85] };
    expect(() => backtest(input, { rng: createRng(1), onProgress, signal })).toThrow(ForecastCancelledError);
    expect(calls).toBe(5);
  });
});
