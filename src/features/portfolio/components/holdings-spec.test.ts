import { describe, expect, it } from "vitest";
import {
  checkHoldings,
  checkRiskFreePercent,
  checkTickerList,
  decimalSeparator,
  equalWeights,
  fractionToPercentText,
  normaliseWeights,
  parseDecimal,
  totalPercent,
} from "./holdings-spec";

describe("parseDecimal", () => {
  it.each([
    ["12.5", 12.5],
    ["12,5", 12.5],
    [" 12,5 % ", 12.5],
    ["1.234,5", 1234.5],
    ["1,234.5", 1234.5],
    ["-3,25", -3.25],
    [",5", 0.5],
    ["100", 100],
  ])("reads %j as %d", (text, n) => expect(parseDecimal(text)).toBe(n));

  it("answers undefined for an empty field", () => {
    expect(parseDecimal("")).toBeUndefined();
    expect(parseDecimal("  ")).toBeUndefined();
    expect(parseDecimal(undefined)).toBeUndefined();
  });

  it.each(["abc", "1,2,3", "1e3x", "12.5.1", "--1", "Infinity"])("answers NaN for %j", (text) =>
    expect(parseDecimal(text)).toBeNaN(),
  );
});

describe("checkHoldings", () => {
  it("accepts weights in percent summing to 100 and answers fractions summing to 1", () => {
    const r = checkHoldings([
      { ticker: "petr4.sa", weight: "33,33" },
      { ticker: "VALE3", weight: "33.33" },
      { ticker: "itub4", weight: "33,34" },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.holdings.map((h) => h.ticker)).toEqual(["PETR4", "VALE3", "ITUB4"]);
    expect(r.holdings.reduce((s, h) => s + h.weight, 0)).toBeCloseTo(1, 12);
    expect(r.holdings[0]!.weight).toBeCloseTo(0.3333, 12);
  });

  it("refuses weights that do not sum to 100 % and says the total", () => {
    const r = checkHoldings([
      { ticker: "PETR4", weight: "50" },
      { ticker: "VALE3", weight: "40,5" },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.total).toEqual({ code: "sum", total: 90.5 });
    expect(r.rows).toEqual({});
  });

  it("lets two-decimal rounding through (±0.01 point) and rescales to exactly 1", () => {
    const r = checkHoldings([
      { ticker: "A1", weight: "33,33" },
      { ticker: "B1", weight: "33,33" },
      { ticker: "C1", weight: "33,33" },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.holdings.reduce((s, h) => s + h.weight, 0)).toBeCloseTo(1, 12);
  });

  it("names each row's problem: missing/invalid/duplicate ticker, missing/non-numeric/out-of-range weight", () => {
    const r = checkHoldings([
      { ticker: "", weight: "10" },
      { ticker: "PETR4", weight: "" },
      { ticker: "petr4", weight: "abc" },
      { ticker: "BAD TICKER!", weight: "150" },
      { ticker: "VALE3", weight: "-5" },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rows[0]).toEqual({ ticker: { code: "tickerRequired" } });
    expect(r.rows[1]).toEqual({ weight: { code: "weightRequired" } });
    expect(r.rows[2]).toEqual({
      ticker: { code: "tickerDuplicate", ticker: "PETR4" },
      weight: { code: "weightNotNumber" },
    });
    expect(r.rows[3]).toEqual({
      ticker: { code: "tickerInvalid", ticker: "BAD TICKER!" },
      weight: { code: "weightRange" },
    });
    expect(r.rows[4]).toEqual({ weight: { code: "weightRange" } });
  });

  it("refuses an empty list and more than the maximum", () => {
    expect(checkHoldings([])).toMatchObject({ ok: false, total: { code: "empty" } });
    const many = Array.from({ length: 4 }, (_, i) => ({ ticker: `T${i}`, weight: "25" }));
    expect(checkHoldings(many, 3)).toMatchObject({ ok: false, total: { code: "tooMany", max: 3 } });
  });

  it("keeps the index caret (^BVSP)", () => {
    expect(checkHoldings([{ ticker: "^bvsp", weight: "100" }])).toMatchObject({
      ok: true,
      holdings: [{ ticker: "^BVSP", weight: 1 }],
    });
  });
});

describe("totalPercent", () => {
  it("sums what parses and ignores the rest", () =>
    expect(
      totalPercent([
        { ticker: "", weight: "10,5" },
        { ticker: "", weight: "x" },
        { ticker: "", weight: "20" },
      ]),
    ).toBe(30.5));
});

describe("normaliseWeights", () => {
  it("scales to exactly 100 with two decimals (largest remainder) in the locale's separator", () => {
    const out = normaliseWeights(
      [
        { ticker: "A", weight: "1" },
        { ticker: "B", weight: "1" },
        { ticker: "C", weight: "1" },
      ],
      ",",
    );
    expect(out.map((d) => d.weight)).toEqual(["33,34", "33,33", "33,33"]);
    expect(totalPercent(out)).toBe(100);
  });

  it("keeps proportions and leaves rows that are not positive numbers as typed", () => {
    const out = normaliseWeights([
      { ticker: "A", weight: "30" },
      { ticker: "B", weight: "10" },
      { ticker: "C", weight: "x" },
      { ticker: "D", weight: "0" },
    ]);
    expect(out.map((d) => d.weight)).toEqual(["75", "25", "x", "0"]);
  });

  it("changes nothing when no weight is positive", () => {
    const rows = [{ ticker: "A", weight: "" }];
    expect(normaliseWeights(rows)).toEqual(rows);
  });

  it("sums to 100 for awkward counts", () => {
    for (const n of [3, 6, 7, 9, 11, 13, 49]) {
      const out = equalWeights(Array.from({ length: n }, (_, i) => ({ ticker: `T${i}`, weight: "" })));
      expect(totalPercent(out)).toBe(100);
      expect(checkHoldings(out).ok).toBe(true);
    }
  });
});

describe("fractionToPercentText / decimalSeparator", () => {
  it("writes fractions as percent text", () => {
    expect(fractionToPercentText(0.125)).toBe("12.5");
    expect(fractionToPercentText(0.125, ",")).toBe("12,5");
    expect(fractionToPercentText(1 / 3, ",")).toBe("33,3333");
  });
  it("knows each locale's separator", () => {
    expect(decimalSeparator("en")).toBe(".");
    expect(decimalSeparator("pt-BR")).toBe(",");
  });
});

describe("checkRiskFreePercent", () => {
  it("reads % with a decimal comma into a fraction", () => {
    expect(checkRiskFreePercent("10,75")).toEqual({ ok: true, value: 0.1075 });
    expect(checkRiskFreePercent("10.65")).toEqual({ ok: true, value: 0.1065 });
    expect(checkRiskFreePercent("")).toEqual({ ok: true, value: 0 });
  });
  it("refuses junk and out-of-range rates", () => {
    expect(checkRiskFreePercent("dez")).toEqual({ ok: false, code: "notNumber" });
    expect(checkRiskFreePercent("150")).toEqual({ ok: false, code: "range" });
    expect(checkRiskFreePercent("-60")).toEqual({ ok: false, code: "range" });
  });
});

describe("checkTickerList", () => {
  it("canonicalises and drops duplicates", () =>
    expect(checkTickerList(["petr4.sa", "PETR4", "vale3"])).toEqual({ ok: true, tickers: ["PETR4", "VALE3"] }));
  it("wants 2..20", () => {
    expect(checkTickerList(["PETR4"])).toMatchObject({ ok: false, code: "tooFew", min: 2, max: 20 });
    const many = Array.from({ length: 21 }, (_, i) => `T${i}`);
    expect(checkTickerList(many)).toMatchObject({ ok: false, code: "tooMany" });
  });
  it("names an invalid ticker", () =>
    expect(checkTickerList(["PETR4", "no way"])).toMatchObject({ ok: false, code: "invalid", ticker: "NO WAY" }));
});
