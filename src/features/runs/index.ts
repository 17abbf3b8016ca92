/** The runs slice's public server-side module: what other slices may use of it. */
export { toRunSummaryDto, type RunSummaryDto } from "./runs.service";
export { ZRunId } from "./runs.schemas";
export { ZQueuedResponse } from "./runs.responses";
export { checkOneStart, RUN_OPTION_FIELDS, splitRunOptions, ZOriginRunId } from "./run-options.schemas";
