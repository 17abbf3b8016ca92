import { writeCsv, type CsvValue } from "../shared/csv";
import { isRecord } from "../shared/guards";
/**
 * Any forecast result as CSV, keyed by task name (forecast.when, forecast.howMany, forecast.deadline,
 * forecast.backtest, forecast.cutLine). The file is a few tables one after the other, each with its
 * own header line, separated by a blank line: first `key,value` facts, then the task's tables.
 * Results are read defensively (older runs may lack newer fields): a missing table is left out.
 * Text cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with '.
 */

type Cell = CsvValue;
type Table = { header: string[]; rows: Cell[][] };

const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const rec = (x: unknown): Record<string, unknown> => (isRecord(x) ? x : {});
const val = (x: unknown): Cell => (typeof x === "number" || typeof x === "string" || typeof x === "boolean" ? x : null);

/** No CSV for this task, or a result that is not an object. */
export class ExportCsvError extends Error {
  override readonly name = "ExportCsvError";
}

/** The tables one after the other (src/domain/shared/csv.ts writes each), a blank line between. */
function render(tables: Table[]): string {
  const parts = tables.filter((t) => t.rows.length > 0).map((t) => writeCsv([t.header, ...t.rows]));
  return parts.length ? parts.join("\n") : "\n";
}

/** Percent levels present as keys of any of `maps`, in numeric order. */
function levels(...maps: unknown[]): string[] {
  const keys = new Set<string>();
  for (const m of maps) for (const k of Object.keys(rec(m))) if (Number.isFinite(Number(k))) keys.add(k);
  return [...keys].sort((a, b) => Number(a) - Number(b));
}

function facts(pairs: [string, unknown][]): Table {
  return { header: ["key", "value"], rows: pairs.filter(([, v]) => val(v) !== null).map(([k, v]) => [k, val(v)]) };
}

function when(r: Record<string, unknown>, input: Record<string, unknown>): Table[] {
  const backlog = rec(r.backlog);
  const pct = rec(r.percentiles);
  const dates = rec(r.dates);
  const byPeriod = new Map<number, { count?: number; p?: number }>();
  for (const h of arr(r.histogram))
    if (isRecord(h) && typeof h.periods === "number")
      byPeriod.set(h.periods, { ...byPeriod.get(h.periods), count: Number(h.count) });
  for (const c of arr(r.cdf))
    if (isRecord(c) && typeof c.periods === "number")
      byPeriod.set(c.periods, { ...byPeriod.get(c.periods), p: Number(c.p) });
  return [
    facts([
      ["task", "forecast.when"],
      ["trials", r.trials],
      ["seed", r.seed],
      ["startDate", input.startDate],
      ["periodDays", input.periodDays],
      ["mean", r.mean],
      ["didNotFinish", r.didNotFinish],
      ["maxPeriods", r.maxPeriods],
      ["deadline", input.deadline],
      ["periodsToDeadline", r.periodsToDeadline],
      ["probabilityByDeadline", r.probabilityByDeadline],
      ["backlogMin", backlog.min],
      ["backlogMax", backlog.max],
    ]),
    { header: ["percentile", "periods", "date"], rows: levels(pct, dates).map((q) => [q, val(pct[q]), val(dates[q])]) },
    {
      header: ["periods", "trials", "cumulative_probability"],
      rows: [...byPeriod.entries()].sort((a, b) => a[0] - b[0]).map(([p, v]) => [p, v.count ?? null, v.p ?? null]),
    },
    {
      header: ["period", "p15", "p50", "p85"],
      rows: arr(r.burnUp)
        .filter(isRecord)
        .map((b) => [val(b.period), val(b.p15), val(b.p50), val(b.p85)]),
    },
    {
      header: ["risk", "expected", "p85", "rank"],
      rows: arr(r.riskSummary)
        .filter(isRecord)
        .map((x) => [val(x.index), val(x.expected), val(x.p85), val(x.rank)]),
    },
  ];
}

function howMany(r: Record<string, unknown>): Table[] {
  const pct = rec(r.percentiles);
  const bin = typeof r.binWidth === "number" && r.binWidth > 0 ? r.binWidth : 1;
  return [
    facts([
      ["task", "forecast.howMany"],
      ["trials", r.trials],
      ["seed", r.seed],
      ["periods", r.periods],
      ["mean", r.mean],
      ["binWidth", r.binWidth],
    ]),
    { header: ["percentile", "at_least_items"], rows: levels(pct).map((q) => [q, val(pct[q])]) },
    {
      header: ["items_from", "items_to", "trials"],
      rows: arr(r.histogram)
        .filter(isRecord)
        .map((h) => [val(h.items), typeof h.items === "number" ? h.items + bin - 1 : null, val(h.count)]),
    },
  ];
}

function deadline(r: Record<string, unknown>): Table[] {
  const trend = rec(r.trend);
  const baseline = rec(r.baseline);
  const scope = rec(r.scope);
  const share = rec(r.scopeShare);
  const base = rec(baseline.scope);
  return [
    facts([
      ["task", "forecast.deadline"],
      ["trials", r.trials],
      ["seed", r.seed],
      ["periodsToDeadline", r.periodsToDeadline],
      ["probability", r.probability],
      ["baselineProbability", baseline.probability],
      ["trendModel", trend.model],
      ["halfLife", trend.halfLife],
      ["slopePerPeriod", trend.slopePerPeriod],
      ["slopeStdErr", trend.slopeStdErr],
      ["recentMean", trend.recentMean],
      ["overallMean", trend.overallMean],
      ["periodsUsed", trend.periodsUsed],
    ]),
    {
      header: ["percentile", "scope_items", "scope_share", "baseline_scope_items"],
      rows: levels(scope, share, base).map((q) => [q, val(scope[q]), val(share[q]), val(base[q])]),
    },
  ];
}

function backtest(r: Record<string, unknown>): Table[] {
  const folds = arr(r.folds).filter(isRecord);
  const coverage = rec(r.coverage);
  const metrics = rec(r.metrics);
  const qs = levels(coverage, metrics, ...folds.map((f) => f.forecast));
  const M = ["n", "mae", "rmse", "mape", "mpe", "medianApe", "r2", "accuracyRate", "over", "under"];
  return [
    facts([
      ["task", "forecast.backtest"],
      ["trials", r.trials],
      ["seed", r.seed],
      ["folds", folds.length],
      ["censored", r.censored],
    ]),
    {
      header: ["cutoff", "train_size", ...qs.map((q) => `forecast_p${q}`), "actual"],
      rows: folds.map((f) => [
        val(f.cutoff),
        val(f.trainSize),
        ...qs.map((q) => val(rec(f.forecast)[q])),
        val(f.actual),
      ]),
    },
    {
      header: ["percentile", "hits", "total", "rate"],
      rows: qs
        .filter((q) => isRecord(coverage[q]))
        .map((q) => [q, val(rec(coverage[q]).hits), val(rec(coverage[q]).total), val(rec(coverage[q]).rate)]),
    },
    {
      header: ["percentile", ...M],
      rows: qs.filter((q) => isRecord(metrics[q])).map((q) => [q, ...M.map((m) => val(rec(metrics[q])[m]))]),
    },
    {
      header: ["level", "observed"],
      rows: arr(r.calibration)
        .filter(isRecord)
        .map((c) => [val(c.level), val(c.observed)]),
    },
  ];
}

function cutLine(r: Record<string, unknown>): Table[] {
  const features = arr(r.features).filter(isRecord);
  const qs = levels(...features.map((f) => f.percentiles), ...features.map((f) => f.dates));
  const withDates = features.some((f) => isRecord(f.dates));
  const withFits = features.some((f) => isRecord(f.fits));
  const withProb = features.some((f) => typeof f.probabilityByDeadline === "number");
  return [
    facts([
      ["task", "forecast.cutLine"],
      ["trials", r.trials],
      ["seed", r.seed],
      ["didNotFinish", r.didNotFinish],
      ["maxPeriods", r.maxPeriods],
      ["periodsToDeadline", r.periodsToDeadline],
    ]),
    {
      header: [
        "feature",
        "size_min",
        "size_max",
        ...qs.map((q) => `p${q}_periods`),
        ...(withDates ? qs.map((q) => `p${q}_date`) : []),
        ...(withProb ? ["probability_by_deadline"] : []),
        ...(withFits ? qs.map((q) => `fits_p${q}`) : []),
      ],
      rows: features.map((f) => [
        val(f.name),
        val(rec(f.size).min),
        val(rec(f.size).max),
        ...qs.map((q) => val(rec(f.percentiles)[q])),
        ...(withDates ? qs.map((q) => val(rec(f.dates)[q])) : []),
        ...(withProb ? [val(f.probabilityByDeadline)] : []),
        ...(withFits ? qs.map((q) => val(rec(f.fits)[q])) : []),
      ]),
    },
  ];
}

const CONVERTERS: Record<string, (r: Record<string, unknown>, input: Record<string, unknown>) => Table[]> = {
  "forecast.when": when,
  "forecast.howMany": howMany,
  "forecast.deadline": deadline,
  "forecast.backtest": backtest,
  "forecast.cutLine": cutLine,
};

export const CSV_TASKS = Object.keys(CONVERTERS);

export const hasCsvExport = (task: string): boolean => Object.hasOwn(CONVERTERS, task);

/** The result of a run of `task` as CSV text (comma-separated, "." decimals, \n line ends). */
export function forecastResultToCsv(task: string, result: unknown, input?: unknown): string {
  const convert = Object.hasOwn(CONVERTERS, task) ? CONVERTERS[task] : undefined;
  if (!convert) throw new ExportCsvError(`no CSV export for task ${task}; there is one for ${CSV_TASKS.join(", ")}`);
  if (!isRecord(result)) throw new ExportCsvError("the run has no result to export");
  return render(convert(result, rec(input)));
}
