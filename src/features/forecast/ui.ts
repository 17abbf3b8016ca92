/** The forecast slice's public UI: its result views, for the run page. */
export { ForecastResultByTask, isForecastTask } from "./components/forecast-result";
export { forecastPartialView } from "./components/when-partial";
export { forecastRerunHref } from "./components/rerun-href";
export { isSensitivityRun } from "./sensitivity.schemas";
export { ForecastCompareCharts } from "./components/compare-charts";
