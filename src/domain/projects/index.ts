/** Project histories: CSV import (completion dates or counts), paste, export; saved forecasts' key figures. */
export { parseHistoryCsv, historyToCsv, parsePastedCounts, PasteError } from "./history-csv";
export type { HistoryFormat, ImportWarning, ParsedHistory, ParseHistoryOptions } from "./history-csv";
export { bucketCompletionDays, fillPeriods, periodOf } from "./bucket";
export type { HistoryRow, PeriodOptions } from "./bucket";
export { HistoryCsvError, readCsv, detectSeparator, utf8Bytes } from "./csv-reader";
export { parseDateCell, isHistoryDate, weekdayOf, mondayOf, MIN_YEAR, MAX_YEAR } from "./calendar";
export { PROJECT_LIMITS } from "./limits";
export { keyFigures, convergence, actualCompletion, FORECAST_KINDS, kindOfTask } from "./figures";
export type { ForecastKind, ForecastSummary, KeyFigures, ConvergencePoint } from "./figures";
