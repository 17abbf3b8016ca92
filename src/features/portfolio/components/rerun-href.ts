/** "Edit and rerun" of a portfolio analysis (plain: no React, so server code may import the slice's ui.ts). */
export const PORTFOLIO_TASK = "analysis.portfolio";

/** "Edit and rerun" of an analysis.portfolio run: this portfolio's page, prefilled from the run, linked to it (`?from=`). */
export const portfolioRerunHref = (run: { id: string; task: string; input?: unknown }): string | null => {
  const portfolioId = (run.input as { portfolioId?: unknown } | null)?.portfolioId;
  return run.task === PORTFOLIO_TASK && typeof portfolioId === "string"
    ? `/portfolios/${portfolioId}?run=${run.id}&from=${run.id}`
    : null;
};
