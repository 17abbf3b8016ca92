/**
 * CSV import of daily prices. Columns (by header, any order, English or Portuguese): date/data,
 * open/abertura, high/máxima, low/mínima, close/fechamento, adjusted close/adj close/adj_close/
 * fechamento ajustado, volume. Without a header row the columns are taken in that order. Dates ISO
 * (YYYY-MM-DD, a time after it is ignored) or dd/mm/yyyy; separator `,` or `;` (the header line
 * decides); decimal comma accepted ("1.234,56"); empty, "null", "NaN" or "-" cells are missing values.
 * A row with no value at all (Yahoo exports them for holidays) is skipped. Rows are sorted by date;
 * a repeated date is refused. Limits: 5 MiB and 100,000 data rows. Errors name line and column.
 * The text is read by the shared CSV reader (src/domain/shared/csv.ts): a quoted value may span lines.
 */
import { CsvSyntaxError, readCsv, type CsvDelimiter, type CsvRecord } from "@/domain/shared/csv";
import { isIsoDate } from "@/domain/shared/dates";
import { CsvImportError } from "./errors";
import type { PriceBar } from "./types";

export const CSV_MAX_BYTES = 5 * 1024 * 1024;
export const CSV_MAX_ROWS = 100_000;

type Col = "date" | "open" | "high" | "low" | "close" | "adjClose" | "volume";
const ORDER: Col[] = ["date", "open", "high", "low", "close", "adjClose", "volume"];

/** Header spellings (lower case, accents removed, `_`/`-`/`.` as spaces, spaces collapsed). */
const HEADERS: Record<string, Col> = {
  date: "date",
  data: "date",
  day: "date",
  dia: "date",
  open: "open",
  abertura: "open",
  high: "high",
  maxima: "high",
  max: "high",
  low: "low",
  minima: "low",
  min: "low",
  close: "close",
  fechamento: "close",
  ultimo: "close",
  "adjusted close": "adjClose",
  "adj close": "adjClose",
  adjclose: "adjClose",
  "adj close price": "adjClose",
  "fechamento ajustado": "adjClose",
  "fech ajustado": "adjClose",
  ajustado: "adjClose",
  volume: "volume",
  vol: "volume",
  "volume financeiro": "volume",
  quantidade: "volume",
};

const normHeader = (h: string) =>
  h
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\*/g, "")
    .replace(/[_\-.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The records of the file (the shared reader: quoted values may span lines); cells trimmed. */
function records(text: string, sep: CsvDelimiter): CsvRecord[] {
  try {
    return readCsv(text, { delimiter: sep }).map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) }));
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    const what =
      e.problem === "unclosedQuote" ? "a quoted value is not closed" : "unexpected text after a closing quote";
    throw new CsvImportError(e.line, null, what);
  }
}

const MISSING = new Set(["", "null", "nan", "-", "n/a", "na"]);

function parseNumber(cell: string): number | null | undefined {
  const c = cell.replace(/\s/g, "").replace(/^R\$/i, "");
  if (MISSING.has(c.toLowerCase())) return null;
  let t = c;
  if (t.includes(",")) t = t.replace(/\./g, "").replace(",", ".");
  else if (/^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(t)) t = t.replace(/\./g, ""); // 31.524.800: thousands dots
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

function parseDate(cell: string): string | null {
  const c = cell.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(c);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(c))) [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else return null;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

export function parsePriceCsv(text: string): PriceBar[] {
  if (typeof text !== "string") throw new CsvImportError(0, null, "the file must be text");
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > CSV_MAX_BYTES)
    throw new CsvImportError(
      0,
      null,
      `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB, over the ${CSV_MAX_BYTES / 1024 / 1024} MiB limit`,
    );
  const head = /[^\r\n]*\S[^\r\n]*/.exec(text.replace(/^\uFEFF/, ""))?.[0];
  const sep: CsvDelimiter = head?.includes(";") ? ";" : head?.includes("\t") ? "\t" : ",";
  const all = head === undefined ? [] : records(text, sep);
  if (all.length === 0)
    throw new CsvImportError(0, null, "the file is empty: expected a header (date, close, …) and rows");
  const headCells = all[0]!.cells;
  const headLine = all[0]!.line;

  // Header or data? A first cell that is a date means no header: the columns go in ORDER.
  let columns: (Col | null)[];
  let names: string[];
  let dataFrom: number;
  if (parseDate(headCells[0] ?? "") !== null) {
    if (headCells.length !== ORDER.length && headCells.length !== 2)
      throw new CsvImportError(
        headLine,
        null,
        `no header row, and ${headCells.length} columns: without a header the file must have date, open, high, low, close, adjusted close, volume (7 columns) or date, close (2)`,
      );
    columns = headCells.length === 2 ? ["date", "close"] : [...ORDER];
    names = columns.map((c) => c ?? "");
    dataFrom = 0;
  } else {
    names = headCells;
    columns = headCells.map((h) => HEADERS[normHeader(h)] ?? null);
    const seen = new Map<Col, string>();
    columns.forEach((c, i) => {
      if (!c) return;
      if (seen.has(c))
        throw new CsvImportError(headLine, names[i]!, `repeats the column "${seen.get(c)}" (both are ${c})`);
      seen.set(c, names[i]!);
    });
    if (!seen.has("date"))
      throw new CsvImportError(
        headLine,
        null,
        `no date column: the header must name "date" (or "data"); found ${headCells.map((h) => `"${h}"`).join(", ")}`,
      );
    if (!seen.has("close") && !seen.has("adjClose"))
      throw new CsvImportError(
        headLine,
        null,
        'no price column: the header must name "close"/"fechamento" or "adjusted close"/"adj close"/"fechamento ajustado"',
      );
    dataFrom = 1;
  }

  const rows: { bar: PriceBar; line: number }[] = [];
  for (let i = dataFrom; i < all.length; i++) {
    const { line: lineNo, cells } = all[i]!;
    if (rows.length >= CSV_MAX_ROWS)
      throw new CsvImportError(lineNo, null, `more than ${CSV_MAX_ROWS.toLocaleString("en")} rows, the limit`);
    if (cells.length !== columns.length)
      throw new CsvImportError(
        lineNo,
        null,
        `has ${cells.length} values for ${columns.length} columns (separator "${sep}")`,
      );
    const v: Partial<Record<Col, number | null>> = {};
    let date: string | null = null;
    let anyValue = false;
    for (let j = 0; j < cells.length; j++) {
      const col = columns[j];
      const cell = cells[j]!;
      if (!col) continue;
      if (col === "date") {
        date = parseDate(cell);
        if (date === null)
          throw new CsvImportError(lineNo, names[j]!, `"${cell}" is not a date (YYYY-MM-DD or dd/mm/yyyy)`);
        continue;
      }
      const x = parseNumber(cell);
      if (x === undefined) throw new CsvImportError(lineNo, names[j]!, `"${cell}" is not a number`);
      if (x !== null) {
        anyValue = true;
        if (col === "volume" ? x < 0 : x <= 0)
          throw new CsvImportError(
            lineNo,
            names[j]!,
            `${cell} must be ${col === "volume" ? "zero or more" : "greater than zero"}`,
          );
      }
      v[col] = x;
    }
    if (!anyValue) continue; // a row of nulls: no trading that day
    const adj = v.adjClose ?? v.close ?? null;
    if (adj === null) {
      const j = columns.indexOf(columns.includes("adjClose") ? "adjClose" : "close");
      throw new CsvImportError(lineNo, names[j]!, "a closing price is required");
    }
    rows.push({
      line: lineNo,
      bar: {
        date: date as string,
        open: v.open ?? null,
        high: v.high ?? null,
        low: v.low ?? null,
        close: v.close ?? null,
        adjClose: adj,
        volume: v.volume === undefined || v.volume === null ? null : Math.round(v.volume),
      },
    });
  }
  if (rows.length === 0) throw new CsvImportError(0, null, "no data rows: the file has a header and nothing else");
  rows.sort((a, b) => (a.bar.date < b.bar.date ? -1 : a.bar.date > b.bar.date ? 1 : a.line - b.line));
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.bar.date === rows[i - 1]!.bar.date) {
      const [a, b] = [rows[i - 1]!, rows[i]!].sort((x, y) => x.line - y.line);
      const dateCol = names[columns.indexOf("date")] ?? "date";
      throw new CsvImportError(b!.line, dateCol, `date ${b!.bar.date} repeats line ${a!.line}: one row per date`);
    }
  return rows.map((r) => r.bar);
}
