/** The reports feature's refusals (routers and endpoints turn them into 404s). */
export class ReportNotFoundError extends Error {
  override name = "ReportNotFoundError";
}
