import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell, CsvSyntaxError, detectDelimiter, readCsv, writeCsv, type CsvValue } from "./csv";

const syntaxError = (text: string): CsvSyntaxError => {
  try {
    readCsv(text);
  } catch (e) {
    expect(e).toBeInstanceOf(CsvSyntaxError);
    return e as CsvSyntaxError;
  }
  throw new Error("expected a CsvSyntaxError");
};

describe("readCsv", () => {
  it("reads quoted separators, doubled quotes and line breaks, keeping each record's first line", () => {
    expect(readCsv('\ufeffa,"b, ""c""\nd",e\n\nf,g\r\nh')).toEqual([
      { line: 1, cells: ["a", 'b, "c"\nd', "e"] },
      { line: 4, cells: ["f", "g"] },
      { line: 5, cells: ["h"] },
    ]);
  });

  it("counts \\n, \\r\\n and \\r line ends, mixed, inside and outside quotes", () => {
    expect(readCsv('a\rb\r\nc\n\r\n"x\r\ny",z\nlast')).toEqual([
      { line: 1, cells: ["a"] },
      { line: 2, cells: ["b"] },
      { line: 3, cells: ["c"] },
      { line: 5, cells: ["x\r\ny", "z"] },
      { line: 7, cells: ["last"] },
    ]);
  });

  it("trims unquoted values, keeps quoted ones as written, reads a stray quote as text", () => {
    expect(readCsv('  a , " b " ,c"d\n')).toEqual([{ line: 1, cells: ["a", " b ", 'c"d'] }]);
  });

  it("skips blank records but keeps a record with a quoted empty value", () => {
    expect(readCsv("\n\n ;; \n", { delimiter: ";" })).toEqual([]);
    expect(readCsv('a,b\n""\n,\n"",x\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: [""] },
      { line: 4, cells: ["", "x"] },
    ]);
    expect(readCsv("")).toEqual([]);
  });

  it("reads ; and tab separated text, detected from the first line", () => {
    expect(detectDelimiter("a;b\n1,5;2")).toBe(";");
    expect(detectDelimiter("a\tb\n")).toBe("\t");
    expect(detectDelimiter('"x;y",z\n')).toBe(",");
    expect(detectDelimiter("\n\na;b")).toBe(";");
    expect(readCsv("date;count\n2024-01-01;3,5\n")).toEqual([
      { line: 1, cells: ["date", "count"] },
      { line: 2, cells: ["2024-01-01", "3,5"] },
    ]);
  });

  it("names the line and column where an unclosed quote starts", () => {
    const e = syntaxError('2024-01-01,1\n2024-01-08,"2\n2024-01-15,3\n');
    expect([e.problem, e.line, e.column]).toEqual(["unclosedQuote", 2, 2]);
    expect(e.message).toBe("line 2, column 2: a quoted value is never closed");
    // Lines are counted in characters, not in the UTF-8 bytes csv-parse counts.
    expect(syntaxError('é,ü\nação,"x\ny').line).toBe(2);
  });

  it("names the line and column of text after a closing quote", () => {
    const e = syntaxError('a,b\nc,"x" y,d\n');
    expect([e.problem, e.line, e.column]).toEqual(["textAfterQuote", 2, 2]);
  });
});

describe("writeCsv", () => {
  it("writes comma-separated rows with \\n after each, '.' decimals, empty cells for missing values", () => {
    expect(
      writeCsv([
        ["date", "eto_mm", "ok"],
        ["2024-01-01", 4.25, true],
        ["2024-01-02", null, false],
      ]),
    ).toBe("date,eto_mm,ok\n2024-01-01,4.25,true\n2024-01-02,,false\n");
    expect(writeCsv([[Number.NaN, Number.POSITIVE_INFINITY, undefined, -1, 0.1 + 0.2]])).toBe(
      ",,,-1,0.30000000000000004\n",
    );
    expect(writeCsv([])).toBe("");
  });

  it("quotes commas, quotes and line breaks, and defuses formulas in text (not in numbers)", () => {
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell("x,y")).toBe('"x,y"');
    expect(csvCell("x\ny")).toBe('"x\ny"');
    expect(csvCell("x\ry")).toBe('"x\ry"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(null)).toBe("");
  });

  it("round-trips multi-line quoted values and any text (property)", () => {
    const rows = [
      ["id", "note"],
      ["1", 'first line\nsecond, with "quotes"\r\nthird'],
      ["2", ""],
    ];
    expect(readCsv(writeCsv(rows)).map((r) => r.cells)).toEqual(rows.map((r) => (r[1] === "" ? [r[0]!, ""] : r)));
    const safeText = fc.string().filter((s) => s === s.trim() && !/^[=+\-@\t\r']/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), safeText, safeText), { minLength: 1, maxLength: 20 }), (table) => {
        const body: CsvValue[][] = table.map(([n, a, b]) => [n, a, b]);
        const back = readCsv(writeCsv([["n", "a", "b"], ...body])).map((r) => r.cells);
        const expected = [["n", "a", "b"], ...table.map(([n, a, b]) => [String(n), a, b])];
        // A row of empty text cells after a number is never blank, so every row comes back.
        expect(back).toEqual(expected);
      }),
    );
  });
});
