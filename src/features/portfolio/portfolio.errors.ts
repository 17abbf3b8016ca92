/** The portfolio feature's own refusals (routers and endpoints turn them into 404 / 409). */
import { Refusal } from "@/domain/shared/errors";
export class PortfolioNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override readonly name = "PortfolioNotFoundError";
}

export class PortfolioLimitError extends Refusal {
  readonly code = "CONFLICT" as const;
  override readonly name = "PortfolioLimitError";
}
