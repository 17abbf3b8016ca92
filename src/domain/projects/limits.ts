/** Bounds of a project's data: what an import, a paste or an API call may hold. */
export const PROJECT_LIMITS = {
  /** Periods in a history. */
  maxHistoryRows: 5_000,
  /** Actuals recorded in one project. */
  maxActuals: 5_000,
  /** Forecasts saved in one project. */
  maxSavedForecasts: 500,
  /** Projects per account. */
  maxProjects: 500,
  maxName: 120,
  maxDescription: 2_000,
  maxLabel: 120,
  maxNote: 500,
  /** Items in one period, items left. */
  maxCount: 1_000_000,
  /** An imported CSV file, in bytes (UTF-8) and lines. */
  maxCsvBytes: 1_048_576,
  maxCsvLines: 50_000,
} as const;

export const fmt = (n: number): string => n.toLocaleString("en-US");
