/**
 * tRPC `portfolio` (saved portfolios: CRUD, holdings, analyse, optimise preview, latest analysis) and
 * `analysis` (asset / compare / batch runs, snapshots, opportunities and rankings). Thin: the
 * services do the work; this file turns their refusals into tRPC errors.
 */
import { z } from "zod";
import { createTRPCRouter, perUserLimit, protectedProcedure, asBadRequest } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZOriginRunId } from "@/features/runs";
import {
  ZAnalysisAssetInput,
  ZAnalysisBatchInput,
  ZAnalysisCompareInput,
  ZCreatePortfolio,
  ZAnalyzePortfolio,
  ZOptimizePreview,
  ZPortfolioId,
  ZSetHoldings,
  ZUpdatePortfolio,
  ticker,
} from "./portfolio.schemas";
import * as portfolios from "./portfolio.service";
import * as analysis from "./analysis.runs";

const submit = protectedProcedure.use(perUserLimit("submit", submitLimit, "run submissions"));

export const portfolioRouter = createTRPCRouter({
  /** The viewer's portfolios with their holdings. → PortfolioDto[] */
  list: protectedProcedure.query(({ ctx }) => portfolios.listPortfoliosOf(ctx.viewer)),
  /** → PortfolioDto */
  get: protectedProcedure
    .input(ZPortfolioId)
    .query(({ ctx, input }) => portfolios.getPortfolio(ctx.viewer, input.id).catch(asBadRequest)),
  /** → PortfolioDto (holdings optional; unknown tickers refused by name). */
  create: protectedProcedure
    .input(ZCreatePortfolio)
    .mutation(({ ctx, input }) => portfolios.createPortfolio(ctx.viewer, input).catch(asBadRequest)),
  /** name / description / benchmark / riskFree. → PortfolioDto */
  update: protectedProcedure
    .input(ZUpdatePortfolio)
    .mutation(({ ctx, input }) => portfolios.updatePortfolioOf(ctx.viewer, input).catch(asBadRequest)),
  /** → { removed: true } */
  remove: protectedProcedure
    .input(ZPortfolioId)
    .mutation(({ ctx, input }) => portfolios.removePortfolio(ctx.viewer, input.id).catch(asBadRequest)),
  /** Replace all holdings at once. → PortfolioDto */
  setHoldings: protectedProcedure
    .input(ZSetHoldings)
    .mutation(({ ctx, input }) => portfolios.setHoldingsOf(ctx.viewer, input).catch(asBadRequest)),
  /** Start an analysis.portfolio run. → { runId } */
  analyze: submit
    .input(ZAnalyzePortfolio.extend({ originRunId: ZOriginRunId.optional() }))
    .mutation(({ ctx, input }) => analysis.startPortfolioAnalysis(ctx.viewer, input).catch(asBadRequest)),
  /** Synchronous: min-vol, max-Sharpe and the frontier for the current holdings. → OptimizePreview */
  optimizePreview: protectedProcedure
    .input(ZOptimizePreview)
    .query(({ ctx, input }) => analysis.optimizePreview(ctx.viewer, input).catch(asBadRequest)),
  /** The latest saved analysis of a portfolio. → SnapshotDto<PortfolioAnalysis> | null */
  latest: protectedProcedure
    .input(ZPortfolioId)
    .query(({ ctx, input }) => analysis.latestPortfolioAnalysis(ctx.viewer, input.id).catch(asBadRequest)),
});

export const analysisRouter = createTRPCRouter({
  /** Start analysis.asset. → { runId } */
  asset: submit
    .input(ZAnalysisAssetInput)
    .mutation(({ ctx, input }) => analysis.startAssetAnalysis(ctx.viewer, input).catch(asBadRequest)),
  /** Start analysis.compare (2..20 tickers). → { runId } */
  compare: submit
    .input(ZAnalysisCompareInput)
    .mutation(({ ctx, input }) => analysis.startCompare(ctx.viewer, input).catch(asBadRequest)),
  /** Start analysis.batch (1..1,000 tickers: a chord of analysis.assetChunk runs + analysis.batchSummary). → { runId } */
  batch: submit
    .input(ZAnalysisBatchInput)
    .mutation(({ ctx, input }) => analysis.startBatch(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
  /** The latest analysis of an asset. → SnapshotDto<AssetAnalysis> | null */
  assetSnapshot: protectedProcedure
    .input(z.object({ ticker: ticker("ticker") }))
    .query(({ input }) => analysis.latestSnapshot("asset", input.ticker)),
  /** The declared screening rules. → OpportunityRuleDto[] */
  rules: protectedProcedure.query(() => analysis.opportunityRules()),
  /** Latest opportunities snapshot. → SnapshotDto<OpportunitiesResult> | null */
  opportunities: protectedProcedure.query(() => analysis.latestSnapshot("opportunities", "all")),
  /** Start analysis.opportunities. → { runId } */
  runOpportunities: submit.mutation(({ ctx }) => analysis.startOpportunities(ctx.viewer).catch(asBadRequest)),
  /** Latest rankings snapshot. → SnapshotDto<RankingsResult> | null */
  rankings: protectedProcedure.query(() => analysis.latestSnapshot("rankings", "all")),
  /** Start analysis.rankings. → { runId } */
  runRankings: submit.mutation(({ ctx }) => analysis.startRankings(ctx.viewer).catch(asBadRequest)),
});
