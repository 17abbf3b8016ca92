import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  HistoryCsvError,
  historyToCsv,
  parseHistoryCsv,
  parsePastedCounts,
  PasteError,
  readCsv,
  detectSeparator,
  type HistoryRow,
} from "./index";

const weekly = { periodDays: 7 as const };
const daily = { periodDays: 1 as const };
const workdays = { periodDays: 1 as const, skipWeekends: true };

/** The error a call throws (fails the test if it does not). */
function errorOf(fn: () => unknown): HistoryCsvError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HistoryCsvError) return e;
    throw e;
  }
  throw new Error("expected a HistoryCsvError");
}

describe("completion dates", () => {
  it("counts items per week starting Monday and fills empty weeks with 0", () => {
    // 2024-03-04 is a Monday; 2024-03-10 the Sunday of the same week; 2024-03-25 two weeks later.
    const csv = "resolved\n2024-03-04\n2024-03-10\n2024-03-06\n2024-03-25\n";
    const r = parseHistoryCsv(csv, weekly);
    expect(r.format).toBe("dates");
    expect(r.rows).toEqual([
      { periodStart: "2024-03-04", count: 3 },
      { periodStart: "2024-03-11", count: 0 },
      { periodStart: "2024-03-18", count: 0 },
      { periodStart: "2024-03-25", count: 1 },
    ]);
    expect(r.lines).toBe(4);
    expect(r.warnings.map((w) => w.code)).toEqual(["gapsFilled"]);
  });

  it("reads dd/mm/yyyy as Brazilians write it (day first), with or without a time", () => {
    const r = parseHistoryCsv("data de conclusão;chave\n05/03/2024 14:30;A-1\n12/03/2024;A-2\n1/4/2024;A-3\n", weekly);
    expect(r.rows[0]).toEqual({ periodStart: "2024-03-04", count: 1 });
    expect(r.rows[1]).toEqual({ periodStart: "2024-03-11", count: 1 });
    expect(r.rows.at(-1)).toEqual({ periodStart: "2024-04-01", count: 1 });
  });

  it("reads ISO timestamps by their date part and picks the date column by the header", () => {
    const csv =
      'key,summary,created,resolved\nX-1,"Fix, then ship",2024-01-01T09:00:00Z,2024-01-03T17:45:00Z\nX-2,Other,2024-01-02T10:00:00Z,2024-01-10T08:00:00Z\n';
    const r = parseHistoryCsv(csv, daily);
    expect(r.format).toBe("dates");
    expect(r.rows[0]).toEqual({ periodStart: "2024-01-03", count: 1 });
    expect(r.rows.at(-1)).toEqual({ periodStart: "2024-01-10", count: 1 });
    expect(r.rows).toHaveLength(8);
  });

  it("counts days, dropping Saturdays and Sundays when the project skips weekends (their items go to Monday)", () => {
    // 2024-03-08 Friday, 09 Saturday, 10 Sunday, 11 Monday.
    const r = parseHistoryCsv("2024-03-08\n2024-03-09\n2024-03-10\n2024-03-11\n2024-03-13\n", workdays);
    expect(r.rows).toEqual([
      { periodStart: "2024-03-08", count: 1 },
      { periodStart: "2024-03-11", count: 3 },
      { periodStart: "2024-03-12", count: 0 },
      { periodStart: "2024-03-13", count: 1 },
    ]);
    expect(r.warnings.find((w) => w.code === "weekendMoved")?.count).toBe(2);
    const plain = parseHistoryCsv("2024-03-08\n2024-03-09\n2024-03-11\n", daily);
    expect(plain.rows.map((x) => x.count)).toEqual([1, 1, 0, 1]);
  });

  it("skips lines without a date, saying how many and where the first is", () => {
    const r = parseHistoryCsv("key,resolved\nA,2024-01-01\nB,\nC,2024-01-02\nD,\n", daily);
    expect(r.rows).toEqual([
      { periodStart: "2024-01-01", count: 1 },
      { periodStart: "2024-01-02", count: 1 },
    ]);
    expect(r.warnings[0]).toMatchObject({ code: "blankDates", count: 2, line: 3 });
  });

  it("names the line and column of a bad date", () => {
    const e = errorOf(() => parseHistoryCsv("key;resolved\nA;2024-01-01\nB;31/02/2024\n", weekly));
    expect([e.line, e.column]).toEqual([3, 2]);
    expect(e.message).toBe('line 3, column 2: "31/02/2024" is not a real calendar date');
    expect(errorOf(() => parseHistoryCsv("2024-01-01\nsoon\n", weekly)).message).toMatch(
      /^line 2, column 1: "soon" is not a date/,
    );
    expect(errorOf(() => parseHistoryCsv("2024-01-01\n01/01/1899\n", weekly)).message).toMatch(
      /^line 2, column 1: .*1900 to 2200/,
    );
  });

  it("refuses a span longer than the history limit without building it", () => {
    expect(errorOf(() => parseHistoryCsv("1900-01-01\n2200-12-31\n", daily)).message).toMatch(/at most 5,000 periods/);
  });
});

describe("counts per period", () => {
  it("reads date,count with a header, and fills missing weeks with 0", () => {
    const r = parseHistoryCsv("week,count\n2024-01-01,3\n2024-01-08,0\n2024-01-22,5\n", weekly);
    expect(r.format).toBe("counts");
    expect(r.rows).toEqual([
      { periodStart: "2024-01-01", count: 3 },
      { periodStart: "2024-01-08", count: 0 },
      { periodStart: "2024-01-15", count: 0 },
      { periodStart: "2024-01-22", count: 5 },
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: "gapsFilled", count: 1 })]);
  });

  it("accepts ; as separator, a decimal comma and dd/mm/yyyy, without a header", () => {
    const r = parseHistoryCsv('01/01/2024;3,0\r\n08/01/2024;4\r\n15/01/2024;"2"\r\n', weekly);
    expect(r.format).toBe("counts");
    expect(r.rows.map((x) => x.count)).toEqual([3, 4, 2]);
    expect(detectSeparator("a;b\n1,5;2")).toBe(";");
    expect(detectSeparator("a\tb\n")).toBe("\t");
  });

  it("names the line and column of a bad count, a duplicate and an out-of-order date", () => {
    expect(errorOf(() => parseHistoryCsv("date,count\n2024-01-01,3\n2024-01-08,three\n", weekly)).message).toBe(
      'line 3, column 2: "three" is not a count (a whole number of items, 0 or more)',
    );
    expect(errorOf(() => parseHistoryCsv("2024-01-01;2,5\n", weekly)).message).toBe(
      'line 1, column 2: "2,5" is not a whole number of items',
    );
    expect(errorOf(() => parseHistoryCsv("2024-01-01,-1\n", weekly)).column).toBe(2);
    expect(errorOf(() => parseHistoryCsv("2024-01-01,1000001\n", weekly)).message).toMatch(/limit of 1,000,000/);
    expect(errorOf(() => parseHistoryCsv("2024-01-01,1\n2024-01-01,2\n", weekly)).message).toBe(
      "line 2, column 1: 2024-01-01 appears twice (first on line 1)",
    );
    expect(errorOf(() => parseHistoryCsv("2024-01-08,1\n2024-01-01,2\n", weekly)).message).toMatch(
      /^line 2, column 1: 2024-01-01 comes before 2024-01-08 \(line 1\)/,
    );
    expect(errorOf(() => parseHistoryCsv("2024-01-08,1\n2024-01-15\n", weekly)).message).toBe(
      "line 2, column 2: the count is missing",
    );
  });

  it("keeps uneven dates as written, with a warning", () => {
    const r = parseHistoryCsv("2024-01-01,1\n2024-01-05,2\n", weekly);
    expect(r.rows).toEqual([
      { periodStart: "2024-01-01", count: 1 },
      { periodStart: "2024-01-05", count: 2 },
    ]);
    expect(r.warnings[0]?.code).toBe("uneven");
  });

  it("is forced by format, whatever the detection says", () => {
    expect(parseHistoryCsv("2024-01-01,7\n", { ...weekly, format: "dates" }).rows).toEqual([
      { periodStart: "2024-01-01", count: 1 },
    ]);
    expect(() => parseHistoryCsv("2024-01-01\n", { ...weekly, format: "counts" })).toThrow(
      /line 1, column 2: the count is missing/,
    );
  });
});

describe("the file as a whole", () => {
  it("refuses empty files, header-only files and files over 1 MiB or 50,000 lines", () => {
    expect(errorOf(() => parseHistoryCsv("", weekly)).message).toBe("the file is empty");
    expect(errorOf(() => parseHistoryCsv("\n\n ;; \n", weekly)).message).toBe("the file is empty");
    expect(errorOf(() => parseHistoryCsv("date,count\n", weekly)).message).toMatch(/header but no data/);
    expect(errorOf(() => parseHistoryCsv("x".repeat(1_048_577), weekly)).message).toMatch(/1 MiB/);
    expect(errorOf(() => parseHistoryCsv("é".repeat(600_000), weekly)).message).toMatch(/1 MiB/);
    expect(errorOf(() => parseHistoryCsv("\n".repeat(50_000), weekly)).message).toMatch(/50,000 lines/);
  });

  it("names where an unclosed quote starts", () => {
    const e = errorOf(() => parseHistoryCsv('2024-01-01,1\n2024-01-08,"2\n2024-01-15,3\n', weekly));
    expect([e.line, e.column]).toEqual([2, 2]);
  });

  it("reads quoted values with separators, quotes and line breaks, keeping each record's first line", () => {
    const recs = readCsv('\ufeffa,"b, ""c""\nd",e\n\nf,g\r\nh');
    expect(recs).toEqual([
      { line: 1, cells: ["a", 'b, "c"\nd', "e"] },
      { line: 4, cells: ["f", "g"] },
      { line: 5, cells: ["h"] },
    ]);
  });
});

describe("round trip", () => {
  it("export → import gives the same rows (weekly, daily, working days)", () => {
    const rows: HistoryRow[] = parseHistoryCsv("2024-01-01\n2024-01-01\n2024-02-12\n2024-03-04\n", weekly).rows;
    expect(parseHistoryCsv(historyToCsv(rows), weekly).rows).toEqual(rows);
    const days = parseHistoryCsv("2024-03-08\n2024-03-11\n2024-03-19\n", workdays).rows;
    expect(parseHistoryCsv(historyToCsv(days), workdays).rows).toEqual(days);
  });

  it("holds for any gap-free history (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom(weekly, daily, workdays),
        (offset, counts, o) => {
          const start = new Date(Date.UTC(2000, 0, 3) + offset * 86_400_000).toISOString().slice(0, 10); // 2000-01-03 is a Monday
          const first = o.periodDays === 7 ? parseHistoryCsv(`${start}\n`, o).rows[0]!.periodStart : start;
          const rows = parsePastedCounts(counts.join(" "), first, o);
          expect(parseHistoryCsv(historyToCsv(rows), o).rows).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("pasted counts", () => {
  it("lays the counts on consecutive periods from the first date", () => {
    expect(parsePastedCounts("3, 5\n0;2", "2024-03-04", weekly)).toEqual([
      { periodStart: "2024-03-04", count: 3 },
      { periodStart: "2024-03-11", count: 5 },
      { periodStart: "2024-03-18", count: 0 },
      { periodStart: "2024-03-25", count: 2 },
    ]);
    expect(parsePastedCounts("1 2 3", "2024-03-08", workdays).map((r) => r.periodStart)).toEqual([
      "2024-03-08",
      "2024-03-11",
      "2024-03-12",
    ]);
  });

  it("names the position of a bad value", () => {
    try {
      parsePastedCounts("1 2 x 4", "2024-03-04", weekly);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PasteError);
      expect(e).toMatchObject({ code: "notWhole", position: 3, value: "x" });
    }
    expect(() => parsePastedCounts("", "2024-03-04", weekly)).toThrow(/at least one/);
    expect(() => parsePastedCounts("1", "2024-02-30", weekly)).toThrow(/real date/);
    expect(() => parsePastedCounts("1.5", "2024-03-04", weekly)).toThrow(/value 1/);
  });
});
