/** The reports feature's refusals (routers and endpoints turn them into 404s). */
import { Refusal } from "@/domain/shared/errors";
export class ReportNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override name = "ReportNotFoundError";
}
