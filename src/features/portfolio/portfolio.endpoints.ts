/**
 * The HTTP API's portfolio and analysis endpoints (/api/v1/portfolios/**, /api/v1/analysis/**): the
 * schemas (the tRPC inputs) and the services, with the feature's refusals as HTTP statuses.
 */
import { z } from "zod";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { PortfolioLimitError, PortfolioNotFoundError } from "./portfolio.errors";
import {
  ZAnalysisAssetInput,
  ZAnalysisBatchInput,
  ZAnalysisCompareInput,
  ZCreatePortfolio,
  ZOptimizePreview,
  ZHoldingsBody,
  ZUpdatePortfolio,
  uuid,
} from "./portfolio.schemas";

export const ZPortfolioPatchBody = ZUpdatePortfolio.omit({ id: true });
export const ZAnalyzeBody = z.object({ range: ZOptimizePreview.shape.range, bounds: ZOptimizePreview.shape.bounds });
export const ZPortfolioIdParam = z.object({ id: uuid("id") });

export const PORTFOLIO_ENDPOINTS = {
  portfolios: {
    path: "/api/v1/portfolios",
    summary: "Your portfolios with their holdings; POST creates one",
    schema: ZCreatePortfolio,
  },
  portfolio: {
    path: "/api/v1/portfolios/{id}",
    summary: "One of your portfolios; PATCH changes name, description, benchmark or riskFree; DELETE removes it",
    schema: ZPortfolioPatchBody,
  },
  holdings: {
    path: "/api/v1/portfolios/{id}/holdings",
    summary: "Replace every holding of a portfolio (1..50 { ticker, weight }, weights summing to 1 or normalise: true)",
    schema: ZHoldingsBody,
  },
  analyze: {
    path: "/api/v1/portfolios/{id}/analyze",
    task: "analysis.portfolio",
    summary: "Queue an analysis.portfolio run: metrics, benchmark beta/alpha, correlation, frontier, suggested weights",
    schema: ZAnalyzeBody,
  },
  asset: {
    path: "/api/v1/analysis/asset",
    task: "analysis.asset",
    summary: "Queue an analysis.asset run: metrics, drawdown and rolling series, momentum, 52-week high, fundamentals",
    schema: ZAnalysisAssetInput,
  },
  compare: {
    path: "/api/v1/analysis/compare",
    task: "analysis.compare",
    summary:
      "Queue an analysis.compare run over 2..20 tickers: metrics, normalised series on common dates, correlation",
    schema: ZAnalysisCompareInput,
  },
  batch: {
    path: "/api/v1/analysis/batch",
    task: "workflow.chord",
    summary:
      "Queue a chord of 1..100 analysis.asset runs with an analysis.batchSummary callback (best/worst by Sharpe, …)",
    schema: ZAnalysisBatchInput,
  },
  opportunities: {
    path: "/api/v1/analysis/opportunities",
    task: "analysis.opportunities",
    summary: "The latest opportunities (declared screening rules, each explained); POST queues a new screening",
  },
  rankings: {
    path: "/api/v1/analysis/rankings",
    task: "analysis.rankings",
    summary: "The latest rankings by Sharpe, return, volatility and drawdown; POST queues a new ranking",
  },
} as const;

/** An HTTP status for the feature's own errors (null: not one of them). */
export function portfolioHttpStatus(err: unknown): { status: number; code: string; field?: string } | null {
  if (err instanceof PortfolioNotFoundError) return { status: 404, code: "NOT_FOUND" };
  if (err instanceof PortfolioLimitError) return { status: 409, code: "CONFLICT" };
  if (err instanceof PortfolioInputError) return { status: 400, code: "BAD_REQUEST", field: err.field };
  return null;
}

/** A 202 answer for a queued run, with where to follow it. */
export function queued(r: { runId: string }, extra: Record<string, unknown> = {}): Response {
  return Response.json(
    { ...r, ...extra, links: { run: `/api/v1/runs/${r.runId}`, events: `/api/runs/${r.runId}/events` } },
    { status: 202 },
  );
}
