/** The portfolio feature's own refusals (routers and endpoints turn them into 404 / 409). */
export class PortfolioNotFoundError extends Error {
  override readonly name = "PortfolioNotFoundError";
}

export class PortfolioLimitError extends Error {
  override readonly name = "PortfolioLimitError";
}
