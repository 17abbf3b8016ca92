/** The ETo slice's public UI: its result view, for the run page. */
export { ETO_TASK, EtoResultView } from "./components/eto-result-view";
export { EtoBatchPartialView } from "./components/eto-batch-partial-view";
export { etoRerunHref } from "./components/rerun-href";
export { EtoCompareCharts } from "./components/eto-compare-charts";
