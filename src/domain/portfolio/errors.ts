/** Errors thrown by the portfolio engine. Services pass them on; routers and the CLI translate them. */
import { Refusal } from "../shared/errors";

/** An input the engine refuses; `field` names the offending input field (e.g. "prices.PETR4[3]", "cov", "bounds"). */
export class PortfolioInputError extends Refusal {
  readonly code = "BAD_REQUEST" as const;
  override readonly name = "PortfolioInputError";
  override readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
