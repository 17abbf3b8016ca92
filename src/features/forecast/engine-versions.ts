/**
 * The forecast engines' versions (TaskDefinition.engineVersion, provenance): bump one whenever its
 * results change for the same input — the engine-version guard (src/tasks/engine-versions.test.ts)
 * fails until you do. A split run's chunk task shares its parent's.
 */
export const FORECAST_ENGINE_VERSIONS = {
  "forecast.when": 2,
  "forecast.howMany": 2,
  "forecast.deadline": 1,
  "forecast.backtest": 1,
  "forecast.cutLine": 1,
  /** The tornado of a sensitivity run (its forecasts are forecast.when runs). */
  "forecast.sensitivityMerge": 1,
} as const;
