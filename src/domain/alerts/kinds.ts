/** The kinds of alert rule and the bounds of their numbers (pure: the rule forms import it in the browser). */
export const ALERT_KINDS = [
  "queue_wait",
  "failure_rate",
  "run_dead",
  "schedule_missed",
  "workers_below",
  "table_health",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What `threshold` means for each kind, and its range. */
export const THRESHOLD_BOUNDS: Record<AlertKind, { min: number; max: number; unit: string }> = {
  queue_wait: { min: 1, max: 10_080, unit: "minutes" },
  failure_rate: { min: 1, max: 100, unit: "percent" },
  run_dead: { min: 0, max: 0, unit: "unused (0)" },
  schedule_missed: { min: 1, max: 1_440, unit: "grace minutes" },
  workers_below: { min: 1, max: 1_000, unit: "live workers" },
  table_health: { min: 1, max: 100, unit: "dead-tuple percent" },
};

/** The window in minutes (failure_rate, run_dead; table_health: the xmin-horizon age). */
export const WINDOW_BOUNDS = { min: 1, max: 10_080 } as const;
export const MIN_RUNS_BOUNDS = { min: 1, max: 100_000 } as const;
