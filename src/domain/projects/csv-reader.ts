/**
 * A small RFC 4180 reader: quoted values (with doubled quotes, separators and line breaks inside),
 * `,` `;` or tab as the separator, \n, \r\n or \r line ends, a leading BOM ignored. Each record keeps
 * the line it starts on, so errors can name it. Blank lines are skipped.
 */
import { fmt, PROJECT_LIMITS } from "./limits";

export type Separator = "," | ";" | "\t";

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

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
export function detectSeparator(text: string): Separator {
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

export function readCsv(input: string, separator: Separator = detectSeparator(input)): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let start = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let quoteColumn = 0;
  let quoted = false;
  const endRecord = () => {
    cells.push(quoted ? cell : cell.trim());
    if (quoted || cells.some((x) => x !== "")) records.push({ line: start, cells });
    cells = [];
    cell = "";
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === "") {
      inQuotes = true;
      quoted = true;
      quoteLine = line;
      quoteColumn = cells.length + 1;
      cell = "";
    } else if (c === separator) {
      cells.push(quoted ? cell : cell.trim());
      cell = "";
      quoted = false;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else if (!quoted) cell += c;
    else if (c.trim() !== "")
      throw new HistoryCsvError(line, cells.length + 1, "unexpected text after a closing quote");
  }
  if (inQuotes) throw new HistoryCsvError(quoteLine, quoteColumn, "a quoted value is never closed");
  endRecord();
  return records;
}
