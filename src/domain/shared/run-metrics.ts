/**
 * The numbers of a run's result that a comparison puts side by side (a forecast's P85, an ETo total, a
 * portfolio's Sharpe), and their rows across runs with each run's delta against the first. Which
 * numbers matter is each task's own knowledge (TaskDefinition.compareMetrics); the lining up is here.
 * Pure.
 */
export type RunMetricKind = "number" | "date";

export interface RunMetric {
  /** Unique within a result: what lines the same number up across runs ("periods.P85", "sharpe.PETR4"). */
  key: string;
  /** What the number is, for a translated label ("periods", "date", "totalMm", "sharpe"). */
  name: string;
  /** What it is of, when the name needs it ("P85", a ticker, a feature). */
  of?: string;
  /** A readable English label ("P85 (periods)"), as the API and the CLI show it. */
  label: string;
  /** A number (kind "number") or an ISO day "YYYY-MM-DD" (kind "date"); null when the run has none. */
  value: number | string | null;
  kind: RunMetricKind;
  unit?: string;
}

export interface MetricRow {
  key: string;
  name: string;
  of?: string;
  label: string;
  kind: RunMetricKind;
  unit?: string;
  /** One per run, in the runs' order. */
  values: (number | string | null)[];
  /** Each run's value minus the first run's (dates: in days); null for the first run and where either is missing. */
  deltas: (number | null)[];
}

const DAY_MS = 86_400_000;
const dayOf = (v: string) => Date.parse(`${v.slice(0, 10)}T00:00:00Z`);

/** `b` − `a` for two values of a metric (dates: whole days); null when either is missing or not a number. */
export function metricDelta(kind: RunMetricKind, a: number | string | null, b: number | string | null): number | null {
  if (a === null || b === null) return null;
  if (kind === "date") {
    if (typeof a !== "string" || typeof b !== "string") return null;
    const d = (dayOf(b) - dayOf(a)) / DAY_MS;
    return Number.isFinite(d) ? Math.round(d) : null;
  }
  if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  return b - a;
}

/**
 * The rows of a comparison: every metric key any run has, in the order first met (the first run's
 * order, then the others' extra keys), each with its value per run (null where a run lacks it) and
 * the delta of each run against the first.
 */
export function metricRows(perRun: readonly (readonly RunMetric[])[]): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  perRun.forEach((metrics, i) => {
    for (const m of metrics) {
      let row = rows.get(m.key);
      if (!row) {
        row = {
          key: m.key,
          name: m.name,
          ...(m.of !== undefined ? { of: m.of } : {}),
          label: m.label,
          kind: m.kind,
          ...(m.unit !== undefined ? { unit: m.unit } : {}),
          values: perRun.map(() => null),
          deltas: [],
        };
        rows.set(m.key, row);
      }
      row.values[i] = m.value;
    }
  });
  for (const row of rows.values())
    row.deltas = row.values.map((v, i) => (i === 0 ? null : metricDelta(row.kind, row.values[0] ?? null, v)));
  return [...rows.values()];
}

/** A number metric (null for NaN/±Infinity, which JSON cannot carry). */
export function numberMetric(
  key: string,
  name: string,
  label: string,
  value: number | null | undefined,
  o: { of?: string; unit?: string } = {},
): RunMetric {
  return {
    key,
    name,
    ...(o.of !== undefined ? { of: o.of } : {}),
    label,
    value: typeof value === "number" && Number.isFinite(value) ? value : null,
    kind: "number",
    ...(o.unit !== undefined ? { unit: o.unit } : {}),
  };
}

/** A date metric (an ISO day). */
export function dateMetric(
  key: string,
  name: string,
  label: string,
  value: string | null | undefined,
  of?: string,
): RunMetric {
  return { key, name, ...(of !== undefined ? { of } : {}), label, value: value ?? null, kind: "date" };
}
