/** Reference inputs and assertions shared by the portfolio engine's tests and the CLI's (test-only). */
import { thrown } from "../shared/thrown.fixtures";
import { PortfolioInputError } from "./errors";

/** portfolio.md B.3: PyPortfolioOpt issue #75 / test_min_volatility_vs_max_sharpe (AGG, SPY, GLD, HYG), annual μ. */
export const B3_MU = [0.043622, 0.120588, 0.072331, 0.056586];
/** The same case's annual covariance Σ. */
export const B3_COV = [
  [0.000859, -0.000941, 0.001494, -0.000062],
  [-0.000941, 0.0224, -0.002184, 0.005747],
  [0.001494, -0.002184, 0.011518, -0.000129],
  [-0.000062, 0.005747, -0.000129, 0.002287],
];

/** The PortfolioInputError `f` throws (failing when it throws none or another error). */
export const refusal = (f: () => unknown): PortfolioInputError => thrown(PortfolioInputError, f);
