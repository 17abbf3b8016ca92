import { describe, expect, it } from "vitest";
import { csvCell } from "../shared/csv";
import { ExportCsvError, forecastResultToCsv, hasCsvExport } from "./export-csv";

/** The CSV's tables: blank-line separated, each a header and its rows. */
const tables = (csv: string) =>
  csv
    .trimEnd()
    .split("\n\n")
    .map((t) => t.split("\n"));

describe("forecast results as CSV", () => {
  it("when: facts, percentile table with dates, histogram + CDF by period, burn-up and risks", () => {
    const csv = forecastResultToCsv(
      "forecast.when",
      {
        percentiles: { "85": 5, "50": 4 },
        dates: { "50": "2025-02-03", "85": "2025-02-10" },
        mean: 4.2,
        cdf: [
          { periods: 3, p: 0.2 },
          { periods: 4, p: 0.6 },
          { periods: 5, p: 1 },
        ],
        histogram: [
          { periods: 3, count: 2 },
          { periods: 4, count: 4 },
          { periods: 5, count: 4 },
        ],
        trials: 10,
        seed: 7,
        didNotFinish: 0,
        maxPeriods: 1000,
        probabilityByDeadline: 0.6,
        periodsToDeadline: 4,
        burnUp: [{ period: 1, p15: 1, p50: 2, p85: 3 }],
        backlog: { min: 10, max: 12 },
        riskSummary: [{ index: 0, expected: 1.5, p85: 3, rank: "HIGH" }],
      },
      { startDate: "2025-01-06", periodDays: 7, deadline: "2025-02-03" },
    );
    const [facts, pct, dist, burn, risks] = tables(csv);
    expect(facts).toContain("trials,10");
    expect(facts).toContain("startDate,2025-01-06");
    expect(facts).toContain("probabilityByDeadline,0.6");
    expect(facts).toContain("backlogMin,10");
    expect(pct).toEqual(["percentile,periods,date", "50,4,2025-02-03", "85,5,2025-02-10"]);
    expect(dist).toEqual(["periods,trials,cumulative_probability", "3,2,0.2", "4,4,0.6", "5,4,1"]);
    expect(burn).toEqual(["period,p15,p50,p85", "1,1,2,3"]);
    expect(risks).toEqual(["risk,expected,p85,rank", "0,1.5,3,HIGH"]);
    expect(csv.endsWith("\n")).toBe(true);
  });

  it("when without dates or newer fields: leaves those tables out, blank cells for nulls", () => {
    const csv = forecastResultToCsv("forecast.when", {
      percentiles: { "50": 4, "95": null },
      cdf: [],
      histogram: [],
      mean: null,
      trials: 5,
      seed: 1,
      didNotFinish: 1,
      maxPeriods: 10,
    });
    const t = tables(csv);
    expect(t).toHaveLength(2);
    expect(t[1]).toEqual(["percentile,periods,date", "50,4,", "95,,"]);
    expect(t[0]).not.toContain("mean,");
  });

  it("howMany: lower-tail items per percentile and the histogram buckets", () => {
    const t = tables(
      forecastResultToCsv("forecast.howMany", {
        percentiles: { "50": 30, "85": 24 },
        mean: 30.5,
        histogram: [
          { items: 20, count: 3 },
          { items: 25, count: 7 },
        ],
        binWidth: 5,
        trials: 10,
        seed: 3,
        periods: 6,
      }),
    );
    expect(t[0]).toContain("periods,6");
    expect(t[1]).toEqual(["percentile,at_least_items", "50,30", "85,24"]);
    expect(t[2]).toEqual(["items_from,items_to,trials", "20,24,3", "25,29,7"]);
  });

  it("deadline: probability, trend facts and the scope table with the baseline beside it", () => {
    const t = tables(
      forecastResultToCsv("forecast.deadline", {
        periodsToDeadline: 8,
        probability: 0.73,
        scope: { "50": 40, "85": 33 },
        scopeShare: { "50": 1, "85": 0.825 },
        trend: {
          model: "fitted",
          slopePerPeriod: -0.25,
          slopeStdErr: 0.1,
          recentMean: 4,
          overallMean: 5,
          periodsUsed: 20,
        },
        baseline: { probability: 0.8, scope: { "50": 42, "85": 35 } },
        trials: 100,
        seed: 9,
      }),
    );
    expect(t[0]).toEqual(
      expect.arrayContaining([
        "probability,0.73",
        "baselineProbability,0.8",
        "trendModel,fitted",
        "slopePerPeriod,-0.25",
      ]),
    );
    expect(t[1]).toEqual(["percentile,scope_items,scope_share,baseline_scope_items", "50,40,1,42", "85,33,0.825,35"]);
  });

  it("backtest: folds with their forecasts and actual, coverage, metrics and calibration", () => {
    const t = tables(
      forecastResultToCsv("forecast.backtest", {
        folds: [
          { cutoff: 8, trainSize: 8, forecast: { "50": 5, "85": 7 }, actual: 6 },
          { cutoff: 9, trainSize: 9, forecast: { "50": 5, "85": null }, actual: null },
        ],
        coverage: { "50": { hits: 0, total: 1, rate: 0 }, "85": { hits: 1, total: 1, rate: 1 } },
        metrics: {
          "85": {
            n: 1,
            mae: 1,
            rmse: 1,
            mape: 16.7,
            mpe: 16.7,
            medianApe: 16.7,
            r2: null,
            accuracyRate: 1,
            over: 1,
            under: 0,
          },
        },
        calibration: [
          { level: 5, observed: null },
          { level: 50, observed: 0 },
        ],
        censored: 1,
        trials: 100,
        seed: 2,
      }),
    );
    expect(t[0]).toEqual(expect.arrayContaining(["folds,2", "censored,1"]));
    expect(t[1]).toEqual(["cutoff,train_size,forecast_p50,forecast_p85,actual", "8,8,5,7,6", "9,9,5,,"]);
    expect(t[2]).toEqual(["percentile,hits,total,rate", "50,0,1,0", "85,1,1,1"]);
    expect(t[3]).toEqual([
      "percentile,n,mae,rmse,mape,mpe,medianApe,r2,accuracyRate,over,under",
      "85,1,1,1,16.7,16.7,16.7,,1,1,0",
    ]);
    expect(t[4]).toEqual(["level,observed", "5,", "50,0"]);
  });

  it("cutLine: one line per feature, periods and dates per percentile, deadline fit", () => {
    const t = tables(
      forecastResultToCsv("forecast.cutLine", {
        features: [
          {
            name: "Login, SSO",
            size: { min: 5, max: 8 },
            percentiles: { "50": 3, "85": 4 },
            dates: { "50": "2025-01-20", "85": "2025-01-27" },
            probabilityByDeadline: 0.9,
            fits: { "50": true, "85": true },
          },
          {
            name: '=HYPERLINK("x")',
            size: { min: 10, max: 10 },
            percentiles: { "50": 9, "85": null },
            dates: { "50": "2025-03-03", "85": null },
            probabilityByDeadline: 0.1,
            fits: { "50": false, "85": false },
          },
        ],
        periodsToDeadline: 6,
        trials: 100,
        seed: 4,
        didNotFinish: 3,
        maxPeriods: 20,
      }),
    );
    expect(t[1]).toEqual([
      "feature,size_min,size_max,p50_periods,p85_periods,p50_date,p85_date,probability_by_deadline,fits_p50,fits_p85",
      '"Login, SSO",5,8,3,4,2025-01-20,2025-01-27,0.9,true,true',
      `"'=HYPERLINK(""x"")",10,10,9,,2025-03-03,,0.1,false,false`,
    ]);
  });

  it("refuses tasks without an export and results that are not objects", () => {
    expect(() => forecastResultToCsv("runs.cleanup", {})).toThrow(ExportCsvError);
    expect(() => forecastResultToCsv("forecast.when", null)).toThrow(/no result/);
    expect(() => forecastResultToCsv("__proto__", {})).toThrow(/no CSV export/);
    expect(hasCsvExport("forecast.backtest")).toBe(true);
    expect(hasCsvExport("toString")).toBe(false);
  });

  it("never throws on odd shapes of a known task", () => {
    for (const task of [
      "forecast.when",
      "forecast.howMany",
      "forecast.deadline",
      "forecast.backtest",
      "forecast.cutLine",
    ]) {
      for (const r of [
        {},
        { percentiles: [1], cdf: "x", histogram: [null, 3] },
        { folds: [1, { forecast: 3 }], features: [null, { name: 1 }] },
      ]) {
        expect(() => forecastResultToCsv(task, r)).not.toThrow();
      }
    }
  });

  it("escapes cells", () => {
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell("x\ny")).toBe('"x\ny"');
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(null)).toBe("");
  });
});
