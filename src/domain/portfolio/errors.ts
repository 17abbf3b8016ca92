/** Errors thrown by the portfolio engine. Services pass them on; routers and the CLI translate them. */

/** An input the engine refuses; `field` names the offending input field (e.g. "prices.PETR4[3]", "cov", "bounds"). */
export class PortfolioInputError extends Error {
  override readonly name = "PortfolioInputError";
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
