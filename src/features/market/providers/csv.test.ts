/** parsePriceCsv: headers in English and Portuguese, separators, decimal comma, dates, limits, errors. */
import { describe, expect, it } from "vitest";
import { CSV_MAX_ROWS, CsvImportError, parsePriceCsv } from "./index";
import { PETR4_2025_01_02 } from "./replay.fixtures";

const refuse = (text: string): CsvImportError => {
  try {
    parsePriceCsv(text);
  } catch (e) {
    expect(e).toBeInstanceOf(CsvImportError);
    return e as CsvImportError;
  }
  throw new Error("expected the import to be refused");
};

describe("parsePriceCsv", () => {
  it("reads a Yahoo-style export (English header, ISO dates, Adj Close, null rows skipped), sorted", () => {
    const bars = parsePriceCsv(
      [
        "Date,Open,High,Low,Close,Adj Close,Volume",
        "2025-01-03,37.95,38.44,37.80,38.29,37.3440,28890300",
        "2025-01-02,37.62,38.10,37.41,37.95,37.0124,31524800",
        "2025-01-01,null,null,null,null,null,null",
        "",
      ].join("\r\n"),
    );
    expect(bars).toEqual([
      { date: "2025-01-02", open: 37.62, high: 38.1, low: 37.41, close: 37.95, adjClose: 37.0124, volume: 31524800 },
      { date: "2025-01-03", open: 37.95, high: 38.44, low: 37.8, close: 38.29, adjClose: 37.344, volume: 28890300 },
    ]);
  });

  it("reads Portuguese headers, `;`, dd/mm/yyyy and decimal comma (with thousands dots)", () => {
    const bars = parsePriceCsv(
      "\uFEFFData;Abertura;Máxima;Mínima;Fechamento;Fechamento ajustado;Volume\n" +
        "02/01/2025;37,62;38,10;37,41;37,95;37,0124;31.524.800\n" +
        "03/01/2025;1.037,95;1.038,44;1.037,80;1.038,29;1.037,344;28890300\n",
    );
    expect(bars[0]).toEqual(PETR4_2025_01_02);
    expect(bars[1]!.adjClose).toBe(1037.344);
  });

  it("accepts adj_close / adjusted close spellings, any column order, and close as adjClose when absent", () => {
    expect(parsePriceCsv("close,date\n10.5,2025-01-02\n")).toEqual([
      { date: "2025-01-02", open: null, high: null, low: null, close: 10.5, adjClose: 10.5, volume: null },
    ]);
    expect(parsePriceCsv("adj_close,date,close\n9.5,2025-01-02,10\n")[0]).toMatchObject({ adjClose: 9.5, close: 10 });
    expect(parsePriceCsv('"Adjusted Close","Date"\n"9,5",2025-01-02\n')[0]).toMatchObject({ adjClose: 9.5 });
  });

  it("reads a headerless file in the documented column order", () => {
    expect(parsePriceCsv("2025-01-02,1,2,0.5,1.5,1.4,100\n")[0]).toEqual({
      date: "2025-01-02",
      open: 1,
      high: 2,
      low: 0.5,
      close: 1.5,
      adjClose: 1.4,
      volume: 100,
    });
  });

  it("names line and column of a bad value", () => {
    let e = refuse("Date,Close\n2025-01-02,10\n2025-01-03,abc\n");
    expect(e).toMatchObject({ line: 3, column: "Close", field: "file" });
    expect(e.message).toBe('line 3, column "Close": "abc" is not a number');
    e = refuse("Date,Close\n2025-02-30,10\n");
    expect(e.message).toBe('line 2, column "Date": "2025-02-30" is not a date (YYYY-MM-DD or dd/mm/yyyy)');
    e = refuse("Date,Close\n2025-01-02,-1\n");
    expect(e.message).toMatch(/line 2, column "Close": -1 must be greater than zero/);
    e = refuse("Date,Close,Volume\n2025-01-02,10\n");
    expect(e.message).toMatch(/line 2: has 2 values for 3 columns/);
    e = refuse("Date,Open,Close\n2025-01-02,10,\n");
    expect(e.message).toBe('line 2, column "Close": a closing price is required');
  });

  it("reads a quoted value that spans lines, and counts lines past it", () => {
    const bars = parsePriceCsv('Date,Close,Note\n2025-01-02,10,"ex-dividend;\npaid on the 3rd"\n2025-01-03,11,\n');
    expect(bars.map((b) => [b.date, b.close])).toEqual([
      ["2025-01-02", 10],
      ["2025-01-03", 11],
    ]);
    const e = refuse('Date,Close,Note\n2025-01-02,10,"a\nb"\n2025-01-03,abc,\n');
    expect(e.message).toBe('line 4, column "Close": "abc" is not a number');
    expect(refuse('Date,Close\n2025-01-02,"10\n').message).toBe("line 2: a quoted value is not closed");
  });

  it("refuses a repeated date naming both lines", () => {
    const e = refuse("Date,Close\n2025-01-03,10\n2025-01-02,11\n03/01/2025,12\n");
    expect(e).toMatchObject({ line: 4, column: "Date" });
    expect(e.message).toMatch(/date 2025-01-03 repeats line 2/);
  });

  it("refuses a header without a date or a price, an empty file, a header alone", () => {
    expect(refuse("Close,Volume\n1,2\n").message).toMatch(/line 1: no date column/);
    expect(refuse("Date,Volume\n2025-01-02,2\n").message).toMatch(/no price column/);
    expect(refuse("   \n").message).toMatch(/the file is empty/);
    expect(refuse("Date,Close\n").message).toMatch(/no data rows/);
    expect(refuse("Date,Close,Fechamento\n2025-01-02,1,1\n").message).toMatch(
      /column "Fechamento": repeats the column "Close"/,
    );
  });

  it("enforces the row and size limits, naming them", () => {
    const rows = ["Date,Close"];
    const d0 = Date.parse("1800-01-01T00:00:00Z");
    for (let i = 0; i <= CSV_MAX_ROWS; i++) rows.push(`${new Date(d0 + i * 86_400_000).toISOString().slice(0, 10)},1`);
    const e = refuse(rows.join("\n"));
    expect(e.line).toBe(CSV_MAX_ROWS + 2);
    expect(e.message).toMatch(/more than 100,000 rows, the limit/);
    const big = "Date,Close\n" + "x".repeat(5 * 1024 * 1024);
    expect(refuse(big).message).toMatch(/over the 5 MiB limit/);
  });
});
