/**
 * A history file's reading: the size and line limits, the error naming line and column, and the
 * records from the shared CSV reader (src/domain/shared/csv.ts: quoted values with separators, quotes
 * and line breaks, `,` `;` or tab, any line ends, BOM ignored, blank lines skipped).
 */
import {
  CsvSyntaxError,
  detectDelimiter,
  readCsv as readRecords,
  type CsvDelimiter,
  type CsvRecord,
} from "../shared/csv";
import { fmt, PROJECT_LIMITS } from "./limits";

export type Separator = CsvDelimiter;
export type { CsvRecord };

/** A file that cannot be read; `line`/`column` are 1-based when known. */
export class HistoryCsvError extends Error {
  override readonly name = "HistoryCsvError";
  constructor(
    readonly line: number | null,
    readonly column: number | null,
    readonly detail: string,
  ) {
    super(line === null ? detail : `line ${line}${column === null ? "" : `, column ${column}`}: ${detail}`);
  }
}

/** UTF-8 length without allocating the encoded bytes. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Refuses files over the size and line limits before any parsing. */
export function checkCsvSize(text: string): void {
  if (text.length > PROJECT_LIMITS.maxCsvBytes || utf8Bytes(text) > PROJECT_LIMITS.maxCsvBytes) {
    throw new HistoryCsvError(null, null, `the file is larger than ${fmt(PROJECT_LIMITS.maxCsvBytes)} bytes (1 MiB)`);
  }
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  if (lines > PROJECT_LIMITS.maxCsvLines)
    throw new HistoryCsvError(null, null, `the file has more than ${fmt(PROJECT_LIMITS.maxCsvLines)} lines`);
}

/** `;` or tab when the first line (outside quotes) holds one, else `,`. */
export const detectSeparator = (text: string): Separator => detectDelimiter(text);

/** The records of a history file; a syntax error as a HistoryCsvError at its line and column. */
export function readCsv(input: string, separator: Separator = detectSeparator(input)): CsvRecord[] {
  try {
    return readRecords(input, { delimiter: separator });
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw new HistoryCsvError(
      e.line,
      e.column,
      e.problem === "unclosedQuote" ? "a quoted value is never closed" : "unexpected text after a closing quote",
    );
  }
}
