import { describe, expect, it } from "vitest";
import { actualCompletion, convergence, keyFigures, kindOfTask } from "./figures";

describe("key figures of a saved forecast", () => {
  it("reads each kind's result", () => {
    expect(
      keyFigures("when", {
        percentiles: { "85": 12, "50": 9 },
        dates: { "50": "2025-03-03", "85": "2025-03-24" },
        probabilityByDeadline: 0.4,
      }),
    ).toEqual({
      unit: "date",
      values: { "50": "2025-03-03", "85": "2025-03-24" },
      probability: 0.4,
    });
    expect(keyFigures("when", { percentiles: { "50": 9, "85": null } })).toEqual({
      unit: "periods",
      values: { "50": 9, "85": null },
    });
    expect(keyFigures("howMany", { percentiles: { "85": 30 } })).toEqual({ unit: "items", values: { "85": 30 } });
    expect(keyFigures("deadline", { probability: 0.7, scope: { "85": 20 } })).toEqual({
      unit: "items",
      values: { "85": 20 },
      probability: 0.7,
    });
    expect(keyFigures("backtest", { coverage: { "85": { hits: 17, total: 20, rate: 0.85 } } })).toEqual({
      unit: "coverage",
      values: { "85": 0.85 },
    });
    expect(
      keyFigures("cutLine", {
        features: [
          { name: "A", percentiles: { "85": 3 }, dates: { "85": "2025-01-01" } },
          { name: "B", percentiles: { "85": 7 } },
          5,
        ],
      }),
    ).toEqual({
      unit: "feature",
      values: { A: "2025-01-01", B: 7 },
    });
  });

  it("survives results of any shape", () => {
    for (const s of [{}, { percentiles: 3 }, { dates: [1] }, { features: "x" }, { coverage: { "85": 1 } }]) {
      for (const k of ["when", "howMany", "deadline", "backtest", "cutLine"] as const)
        expect(() => keyFigures(k, s)).not.toThrow();
    }
  });

  it("maps forecast tasks to kinds", () => {
    expect(kindOfTask("forecast.when")).toBe("when");
    expect(kindOfTask("forecast.cutLine")).toBe("cutLine");
    expect(kindOfTask("forecast.other")).toBeNull();
    expect(kindOfTask("runs.cleanup")).toBeNull();
  });
});

describe("convergence", () => {
  it("lists the completion dates of dated 'when' forecasts, oldest first", () => {
    const pts = convergence([
      {
        id: "b",
        kind: "when",
        createdAt: "2025-02-01T10:00:00.000Z",
        label: null,
        summary: { dates: { "50": "2025-04-01", "85": "2025-04-15", "95": "2025-05-01" } },
      },
      {
        id: "a",
        kind: "when",
        createdAt: "2025-01-01T10:00:00.000Z",
        label: "kick-off",
        summary: { dates: { "50": "2025-03-01", "85": null } },
      },
      {
        id: "c",
        kind: "when",
        createdAt: "2025-01-15T10:00:00.000Z",
        label: null,
        summary: { percentiles: { "50": 3 } },
      },
      {
        id: "d",
        kind: "howMany",
        createdAt: "2025-01-20T10:00:00.000Z",
        label: null,
        summary: { percentiles: { "50": 3 } },
      },
    ]);
    expect(pts).toEqual([
      {
        forecastId: "a",
        madeOn: "2025-01-01T10:00:00.000Z",
        kind: "when",
        label: "kick-off",
        p50: "2025-03-01",
        p85: null,
        p95: null,
      },
      {
        forecastId: "b",
        madeOn: "2025-02-01T10:00:00.000Z",
        kind: "when",
        label: null,
        p50: "2025-04-01",
        p85: "2025-04-15",
        p95: "2025-05-01",
      },
    ]);
  });

  it("finds the first actual with nothing remaining", () => {
    expect(actualCompletion([])).toBeNull();
    expect(
      actualCompletion([
        { date: "2025-03-10", remaining: 4 },
        { date: "2025-03-20", remaining: null },
      ]),
    ).toBeNull();
    expect(
      actualCompletion([
        { date: "2025-04-10", remaining: 0 },
        { date: "2025-03-31", remaining: 0 },
        { date: "2025-03-20", remaining: 2 },
      ]),
    ).toBe("2025-03-31");
  });
});
