/** The portfolio slice's client-safe public module: the schema pieces other slices' forms share. */
export { HISTORY_RANGES, ticker, uuid } from "./portfolio.schemas";
export { AnalysisBatchPartialView } from "./components/analysis-batch-partial-view";
export { portfolioRerunHref } from "./components/rerun-href";
