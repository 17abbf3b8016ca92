/**
 * The portfolio slice's public server-side module: the analyses (pure data in, results out) and
 * the stored portfolios and snapshots the reports slice renders, with the types of both.
 */
export type {
  AssetAnalysis,
  Comparison,
  MetricsDto,
  OpportunitiesResult,
  PortfolioAnalysis,
  RankingsResult,
  SuggestedAllocation,
} from "./analysis.types";
export { analyzeAssetData, compareData } from "./analysis.service";
export { analyzePortfolioData } from "./portfolio-analysis.service";
export { scopeOfRun, withRunErrors } from "./analysis-run";
export { findPortfolio, getSnapshot, listAllPortfolioIds } from "./portfolio.repository";
export { analysisBatchCsv } from "./analysis-batch-csv.service";
