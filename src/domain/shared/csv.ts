/**
 * The product's one CSV reader and one CSV writer, on csv-parse and csv-stringify (their sync APIs).
 *
 * readCsv — RFC 4180 and what spreadsheets write: quoted values may hold the separator, doubled quotes
 * and line breaks; `,` `;` or tab as the separator (detected from the first line unless given); \n,
 * \r\n or \r line ends, mixed; a leading BOM ignored; unquoted values trimmed, quoted ones kept as
 * written; a quote inside an unquoted value is text. Blank records (nothing but separators and
 * spaces) are skipped. Each record keeps the 1-based line it starts on, so callers' errors can name it;
 * a syntax error is a CsvSyntaxError naming line and column.
 *
 * writeCsv — comma-separated, "." decimals (String(number)), \n line ends after every row; null,
 * undefined and non-finite numbers as empty cells; a value holding a comma, quote or line break is
 * quoted; text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading '.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export type CsvDelimiter = "," | ";" | "\t";

export interface CsvRecord {
  /** 1-based line of the text where the record starts. */
  line: number;
  cells: string[];
}

export type CsvSyntaxProblem = "unclosedQuote" | "textAfterQuote";

/** Text that is not CSV; `line` and `column` are 1-based. */
export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  constructor(
    readonly problem: CsvSyntaxProblem,
    readonly line: number,
    readonly column: number,
  ) {
    super(
      `line ${line}, column ${column}: ${problem === "unclosedQuote" ? "a quoted value is never closed" : "unexpected text after a closing quote"}`,
    );
  }
}

/** `;` or tab when the first non-blank line (outside quotes) holds one (the more frequent), else `,`. */
export function detectDelimiter(text: string): CsvDelimiter {
  let inQuotes = false;
  let semi = 0;
  let tab = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) {
      if (semi + tab > 0 || text.slice(0, i).trim() !== "") break;
    } else if (!inQuotes && c === ";") semi++;
    else if (!inQuotes && c === "\t") tab++;
  }
  if (semi === 0 && tab === 0) return ",";
  return semi >= tab ? ";" : "\t";
}

export interface ReadCsvOptions {
  /** The separator; detected from the first line when left out. */
  delimiter?: CsvDelimiter;
}

interface ParseErrorShape {
  code?: string;
  lines?: number;
  index?: number;
  bytes_records?: number;
}

/** Line breaks in `s` (\r\n counts once). */
function lineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** The records of `text` (see the header for the dialect); throws CsvSyntaxError. */
export function readCsv(text: string, o: ReadCsvOptions = {}): CsvRecord[] {
  let parsed: { record: string[]; raw: string }[];
  try {
    // `raw` (each record's text) is cheap where csv-parse's per-field `cast` and per-record hooks are
    // not (several times slower on a 100,000-line file): lines and quoting are read from it.
    parsed = parse(text, {
      delimiter: o.delimiter ?? detectDelimiter(text),
      record_delimiter: ["\r\n", "\n", "\r"],
      bom: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      raw: true,
    }) as unknown as { record: string[]; raw: string }[]; // with `raw`, csv-parse's typings still say string[][]
  } catch (e) {
    const err = e as ParseErrorShape;
    const column = (err.index ?? 0) + 1;
    if (err.code === "CSV_QUOTE_NOT_CLOSED") {
      // The unclosed value's record starts after the last whole record (csv-parse counts UTF-8 bytes).
      const done = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, err.bytes_records ?? 0));
      throw new CsvSyntaxError("unclosedQuote", lineBreaks(done) + 1, column);
    }
    if (err.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE" || err.code === "CSV_INVALID_CLOSING_QUOTE")
      throw new CsvSyntaxError("textAfterQuote", err.lines ?? 1, column);
    throw e;
  }
  const out: CsvRecord[] = [];
  let line = 1;
  for (const { record, raw } of parsed) {
    if (record.some((c) => c !== "") || raw.includes('"')) out.push({ line, cells: record });
    line += lineBreaks(raw);
  }
  return out;
}

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as writeCsv writes it (for callers that show a single value). */
export function csvCell(v: CsvValue): string {
  return writeCsv([[v]]).slice(0, -1);
}

/** `rows` (a header, if any, first) as CSV text: see the header for the format. */
export function writeCsv(rows: readonly (readonly CsvValue[])[]): string {
  if (rows.length === 0) return "";
  return stringify(
    rows.map((r) => [...r]),
    {
      record_delimiter: "\n",
      quoted_match: /\r/,
      cast: {
        boolean: (b) => String(b),
        number: (n) => (Number.isFinite(n) ? String(n) : ""),
        string: (s) => (FORMULA_START.test(s) ? `'${s}` : s),
      },
    },
  );
}
