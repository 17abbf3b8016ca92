/** Alerts: rule kinds and the pure evaluator. */
export { ALERT_KINDS, MIN_RUNS_BOUNDS, THRESHOLD_BOUNDS, WINDOW_BOUNDS, type AlertKind } from "./kinds";
export {
  evaluateAlerts,
  type AlertRule,
  type Firing,
  type Observations,
  type OpenAlert,
  type Resolution,
} from "./evaluate";
