/**
 * Importing a throughput history from CSV, in either of two shapes (detected, or chosen):
 *  - "dates":  one line per finished item, with its completion date (other columns ignored);
 *  - "counts": `date,count` per period (weekly or daily counts).
 * A first line without a date is a header. Errors name the line and column; warnings say what was
 * done on the way (blank dates skipped, empty periods filled with 0, …).
 */
import { dayToIsoDate, isoDateToDay, isWeekend, nextPeriod, parseDateCell, type DateCell } from "./calendar";
import { fillPeriods, bucketCompletionDays, type HistoryRow, type PeriodOptions } from "./bucket";
import { writeCsv } from "../shared/csv";
import { checkCsvSize, HistoryCsvError, readCsv, type CsvRecord } from "./csv-reader";
import { fmt, PROJECT_LIMITS } from "./limits";

export type HistoryFormat = "dates" | "counts";

export interface ImportWarning {
  code: "blankDates" | "weekendMoved" | "gapsFilled" | "uneven" | "weekendRows";
  /** How many lines, items or periods it is about. */
  count: number;
  /** The first line concerned, when it is about lines. */
  line?: number;
  message: string;
}

export interface ParsedHistory {
  format: HistoryFormat;
  rows: HistoryRow[];
  /** Data lines read (items for "dates", periods for "counts"). */
  lines: number;
  warnings: ImportWarning[];
}

export interface ParseHistoryOptions extends PeriodOptions {
  format?: "auto" | HistoryFormat;
}

const DATE_HEADER =
  /^(date|day|week|period|period.?start|resolved|resolution.?date|done|done.?date|completed|completion.?date|finished|closed|end|end.?date|data|dia|semana|per[ií]odo|conclu[ií]d[oa]|conclus[aã]o|finalizad[oa]|resolvid[oa]|fechad[oa]|entregue|fim|t[ée]rmino)$/i;
const NUMBER = /^\d+(?:[.,]\d+)?$/;
/** Looks like a number (a sign too), enough to read the file as counts and then say what is wrong. */
const NUMERIC = /^[+-]?\d+(?:[.,]\d+)?$/;

const dateProblem = (cell: DateCell & { ok: false }, raw: string) =>
  cell.reason === "range"
    ? `"${raw}" is outside the years 1900 to 2200`
    : cell.reason === "calendar"
      ? `"${raw}" is not a real calendar date`
      : `"${clip(raw)}" is not a date (write 2024-03-18 or 18/03/2024)`;

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** A whole count ≥ 0, written with a decimal point or comma or none ("12", "12,0", "12.0"). */
function readCount(raw: string, line: number, column: number): number {
  const s = raw.trim();
  if (s === "") throw new HistoryCsvError(line, column, "the count is missing");
  if (!NUMBER.test(s))
    throw new HistoryCsvError(line, column, `"${clip(s)}" is not a count (a whole number of items, 0 or more)`);
  const v = Number(s.replace(",", "."));
  if (!Number.isInteger(v)) throw new HistoryCsvError(line, column, `"${s}" is not a whole number of items`);
  if (v > PROJECT_LIMITS.maxCount)
    throw new HistoryCsvError(
      line,
      column,
      `${s} items is more than the limit of ${fmt(PROJECT_LIMITS.maxCount)} in one period`,
    );
  return v;
}

function isHeader(r: CsvRecord): boolean {
  return r.cells.every((c) => !parseDateCell(c).ok);
}

function chooseFormat(header: string[] | null, first: CsvRecord): HistoryFormat {
  const [a = "", b = ""] = first.cells;
  const countsShape = parseDateCell(a).ok && NUMERIC.test(b.trim());
  if (!countsShape) return "dates";
  if (header && header.length >= 2 && DATE_HEADER.test(header[1]!.trim()) && !DATE_HEADER.test(header[0]!.trim()))
    return "dates";
  let width = first.cells.length;
  while (width > 0 && first.cells[width - 1]!.trim() === "") width--;
  return width === 2 || !!header ? "counts" : "dates";
}

function dateColumn(header: string[] | null, first: CsvRecord): number {
  if (header) {
    const named = header.findIndex((h) => DATE_HEADER.test(h.trim()));
    if (named >= 0) return named;
  }
  const found = first.cells.findIndex((c) => parseDateCell(c).ok);
  if (found < 0) throw new HistoryCsvError(first.line, null, "no column holds a date (write 2024-03-18 or 18/03/2024)");
  return found;
}

function parseDates(data: CsvRecord[], col: number, o: PeriodOptions): ParsedHistory {
  const days: number[] = [];
  let blank = 0;
  let firstBlank: number | undefined;
  for (const r of data) {
    const raw = r.cells[col] ?? "";
    if (raw.trim() === "") {
      blank++;
      firstBlank ??= r.line;
      continue;
    }
    const cell = parseDateCell(raw);
    if (!cell.ok) throw new HistoryCsvError(r.line, col + 1, dateProblem(cell, raw.trim()));
    days.push(cell.day);
  }
  if (days.length === 0) throw new HistoryCsvError(null, null, "no line has a completion date");
  const { rows, movedFromWeekend } = bucketCompletionDays(days, o);
  const warnings: ImportWarning[] = [];
  if (blank > 0)
    warnings.push({
      code: "blankDates",
      count: blank,
      line: firstBlank,
      message: `${fmt(blank)} line(s) without a date were skipped (first: line ${firstBlank})`,
    });
  if (movedFromWeekend > 0)
    warnings.push({
      code: "weekendMoved",
      count: movedFromWeekend,
      message: `${fmt(movedFromWeekend)} item(s) finished on a weekend were counted on the next Monday`,
    });
  const empty = rows.filter((x) => x.count === 0).length;
  if (empty > 0)
    warnings.push({
      code: "gapsFilled",
      count: empty,
      message: `${fmt(empty)} period(s) without a finished item were counted as 0`,
    });
  return { format: "dates", rows, lines: days.length, warnings };
}

function parseCounts(data: CsvRecord[], o: PeriodOptions): ParsedHistory {
  const counts = new Map<number, number>();
  const seen = new Map<number, number>();
  let prev: { day: number; iso: string; line: number } | null = null;
  let weekend = 0;
  let weekendLine: number | undefined;
  let uneven = false;
  const skip = o.periodDays === 1 && !!o.skipWeekends;
  for (const r of data) {
    const raw = r.cells[0] ?? "";
    const cell = parseDateCell(raw);
    if (!cell.ok)
      throw new HistoryCsvError(r.line, 1, raw.trim() === "" ? "the date is missing" : dateProblem(cell, raw.trim()));
    const count = readCount(r.cells[1] ?? "", r.line, 2);
    const dup = seen.get(cell.day);
    if (dup !== undefined) throw new HistoryCsvError(r.line, 1, `${cell.iso} appears twice (first on line ${dup})`);
    if (prev && cell.day < prev.day)
      throw new HistoryCsvError(
        r.line,
        1,
        `${cell.iso} comes before ${prev.iso} (line ${prev.line}): sort the lines by date`,
      );
    if (prev && (o.periodDays === 7 ? (cell.day - prev.day) % 7 !== 0 : false)) uneven = true;
    if (skip && isWeekend(cell.day)) {
      weekend++;
      weekendLine ??= r.line;
    }
    seen.set(cell.day, r.line);
    counts.set(cell.day, count);
    prev = { day: cell.day, iso: cell.iso, line: r.line };
  }
  const days = [...counts.keys()];
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const warnings: ImportWarning[] = [];
  let rows: HistoryRow[];
  if (uneven || weekend > 0) {
    rows = days.map((d) => ({ periodStart: dayToIsoDate(d), count: counts.get(d)! }));
    if (uneven)
      warnings.push({
        code: "uneven",
        count: days.length,
        message: "the dates are not a whole number of weeks apart: kept as written, gaps not filled",
      });
    if (weekend > 0)
      warnings.push({
        code: "weekendRows",
        count: weekend,
        line: weekendLine,
        message: `${fmt(weekend)} line(s) fall on a weekend although the project skips weekends (first: line ${weekendLine})`,
      });
    if (rows.length > PROJECT_LIMITS.maxHistoryRows)
      throw new HistoryCsvError(
        null,
        null,
        `the file has ${fmt(rows.length)} periods; a history holds at most ${fmt(PROJECT_LIMITS.maxHistoryRows)}`,
      );
  } else {
    rows = fillPeriods(first, last, counts, o);
    const filled = rows.length - days.length;
    if (filled > 0)
      warnings.push({
        code: "gapsFilled",
        count: filled,
        message: `${fmt(filled)} missing period(s) between ${dayToIsoDate(first)} and ${dayToIsoDate(last)} were counted as 0`,
      });
  }
  return { format: "counts", rows, lines: data.length, warnings };
}

/** Reads a history CSV; throws HistoryCsvError naming the line and column of the first problem. */
export function parseHistoryCsv(text: string, o: ParseHistoryOptions): ParsedHistory {
  checkCsvSize(text);
  const records = readCsv(text);
  if (records.length === 0) throw new HistoryCsvError(null, null, "the file is empty");
  const header = isHeader(records[0]!) ? records[0]!.cells : null;
  const data = header ? records.slice(1) : records;
  if (data.length === 0) throw new HistoryCsvError(null, null, "the file has a header but no data lines");
  const format = !o.format || o.format === "auto" ? chooseFormat(header, data[0]!) : o.format;
  return format === "counts" ? parseCounts(data, o) : parseDates(data, dateColumn(header, data[0]!), o);
}

/** The history as CSV: `period_start,count`, one line per period (what the import reads back). */
export function historyToCsv(rows: readonly HistoryRow[]): string {
  return writeCsv([["period_start", "count"], ...rows.map((r) => [r.periodStart, r.count])]);
}

/**
 * A pasted list of counts (separated by spaces, commas, semicolons or line breaks) as periods from
 * `firstPeriodStart` on. Throws PasteError naming the position of the first bad value.
 */
export function parsePastedCounts(text: string, firstPeriodStart: string, o: PeriodOptions): HistoryRow[] {
  const start = isoDateToDay(firstPeriodStart);
  if (start === null || !parseDateCell(firstPeriodStart).ok)
    throw new PasteError(
      "badDate",
      0,
      firstPeriodStart,
      "the first period's date must be a real date from 1900 to 2200",
    );
  const values = text.split(/[\s,;]+/).filter((v) => v !== "");
  if (values.length === 0) throw new PasteError("empty", 0, "", "paste at least one count");
  if (values.length > PROJECT_LIMITS.maxHistoryRows)
    throw new PasteError("tooMany", values.length, "", `at most ${fmt(PROJECT_LIMITS.maxHistoryRows)} counts`);
  const skip = o.periodDays === 1 && !!o.skipWeekends;
  let day = skip && isWeekend(start) ? nextPeriod(start, 1, true) : start;
  return values.map((v, i) => {
    if (!/^\d+$/.test(v))
      throw new PasteError("notWhole", i + 1, v, `value ${i + 1} ("${clip(v)}") is not a whole number of items`);
    const n = Number(v);
    if (n > PROJECT_LIMITS.maxCount)
      throw new PasteError("tooBig", i + 1, v, `value ${i + 1} is more than ${fmt(PROJECT_LIMITS.maxCount)}`);
    const row = { periodStart: dayToIsoDate(day), count: n };
    day = nextPeriod(day, o.periodDays, skip);
    const y = Number(row.periodStart.slice(0, 4));
    if (y > 2200) throw new PasteError("badDate", i + 1, v, "the periods run past the year 2200");
    return row;
  });
}

export class PasteError extends Error {
  override readonly name = "PasteError";
  constructor(
    readonly code: "badDate" | "empty" | "tooMany" | "notWhole" | "tooBig",
    /** 1-based position of the value (0 when about the whole paste). */
    readonly position: number,
    readonly value: string,
    message: string,
  ) {
    super(message);
  }
}
