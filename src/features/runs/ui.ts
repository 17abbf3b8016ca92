/** The runs slice's client-safe public module: components and hooks other slices and pages may use. */
export { RunDetail, type ResultView, type RerunHrefOf, type StepsView } from "./components/run-detail";
export { RunPanel, type LiveRun } from "./components/run-panel";
export { StatusBadge, progressTone } from "./components/status-badge";
export { ResultCsvLink } from "./components/result-csv-link";
export { useFormatDuration } from "./components/format";
export { useRunStream } from "./hooks/use-run-stream";
export { useRealtimeRuns, useCoalesced } from "./hooks/use-realtime-runs";
export { PartialResult, usePartialDoneText, type PartialView } from "./components/partial-result";
export type { LivePartial } from "./hooks/run-state";
export { RerunChanges } from "./components/rerun";
export { CompareView, type CompareChartRun, type CompareChartView } from "./components/compare-view";
