/**
 * The HTTP API's portfolios (/api/v1/portfolios/**: list, create, read, change, remove, replace the
 * holdings, queue an analysis) and analyses (/api/v1/analysis/**: asset, compare, batch, the latest
 * opportunities and rankings).
 */
import { z } from "zod";
import { defineRoute, type Route } from "@/api/route";
import type { TaskCatalog } from "@/runs/task-catalog";
import { ZApiError } from "@/api/errors";
import { runLinks } from "@/api/http";
import {
  ZAnalysisAssetInput,
  ZAnalysisBatchInput,
  ZAnalysisCompareInput,
  ZCreatePortfolio,
  ZHoldingsBody,
  ZOptimizePreview,
  ZPortfolioId,
  ZUpdatePortfolio,
} from "./portfolio.schemas";
import {
  createPortfolio,
  getPortfolio,
  listPortfoliosOf,
  removePortfolio,
  setHoldingsOf,
  updatePortfolioOf,
} from "./portfolio.service";
import {
  latestSnapshot,
  startAssetAnalysis,
  startBatch,
  startCompare,
  startOpportunities,
  startPortfolioAnalysis,
  startRankings,
} from "./analysis.runs";
import { ZPortfolioResponse, ZPortfoliosResponse, ZRemovedResponse, ZSnapshotResponse } from "./portfolio.responses";
import { ZQueuedResponse } from "@/features/runs";

const tags = ["Portfolios"];
const queued = { 202: { description: "Queued: { runId, links }", json: ZQueuedResponse } } as const;
const one = { description: "The portfolio", json: ZPortfolioResponse } as const;

export const listPortfolios = defineRoute({
  method: "GET",
  path: "/api/v1/portfolios",
  tags,
  summary: "Your portfolios with their holdings",
  responses: { 200: { description: "Your portfolios", json: ZPortfoliosResponse } },
  handler: async ({ viewer, json }) => json(200, await listPortfoliosOf(viewer)),
});

export const createPortfolioRoute = defineRoute({
  method: "POST",
  path: "/api/v1/portfolios",
  tags,
  summary: "Create a portfolio",
  description:
    "name (≤ 100 characters), description?, benchmark? (a known ticker such as ^BVSP), riskFree? (annual fraction, −0.5..1, default 0), holdings? (1..50 { ticker, weight }, no ticker twice, weights ≥ 0 summing to 1 ± 1e-6, or normalise: true to scale them). Unknown tickers are refused naming the ticker and its place.",
  body: ZCreatePortfolio,
  responses: { 201: one, 409: { description: "At the limit of portfolios per account", json: ZApiError } },
  handler: async ({ viewer, body, json }) => json(201, await createPortfolio(viewer, body)),
});

export const readPortfolio = defineRoute({
  method: "GET",
  path: "/api/v1/portfolios/{id}",
  tags,
  summary: "One of your portfolios (someone else's is a 404)",
  params: ZPortfolioId,
  responses: { 200: one },
  handler: async ({ viewer, params, json }) => json(200, await getPortfolio(viewer, params.id)),
});

export const updatePortfolio = defineRoute({
  method: "PATCH",
  path: "/api/v1/portfolios/{id}",
  tags,
  summary: "Change a portfolio's name, description, benchmark or riskFree",
  params: ZPortfolioId,
  body: ZUpdatePortfolio.omit({ id: true }),
  responses: { 200: one },
  handler: async ({ viewer, params, body, json }) =>
    json(200, await updatePortfolioOf(viewer, { ...body, id: params.id })),
});

export const deletePortfolio = defineRoute({
  method: "DELETE",
  path: "/api/v1/portfolios/{id}",
  tags,
  summary: "Remove a portfolio",
  params: ZPortfolioId,
  responses: { 200: { description: "{ removed: true }", json: ZRemovedResponse } },
  handler: async ({ viewer, params, json }) => json(200, await removePortfolio(viewer, params.id)),
});

export const putHoldings = defineRoute({
  method: "PUT",
  path: "/api/v1/portfolios/{id}/holdings",
  tags,
  summary: "Replace every holding of a portfolio (1..50 { ticker, weight }, weights summing to 1 or normalise: true)",
  params: ZPortfolioId,
  body: ZHoldingsBody,
  responses: { 200: one },
  handler: async ({ viewer, params, body, json }) => json(200, await setHoldingsOf(viewer, { ...body, id: params.id })),
});

export const analyzePortfolio = defineRoute({
  method: "POST",
  path: "/api/v1/portfolios/{id}/analyze",
  tags,
  summary: "Queue an analysis.portfolio run: metrics, benchmark beta/alpha, correlation, frontier, suggested weights",
  description:
    "range (1mo..max, default 2y), bounds? [lower, upper] weights for the optimiser (default [0, 1]). The portfolio's returns are Σ wᵢ·rᵢ with its weights (rebalanced daily); Sharpe uses the per-period risk-free (1+rf)^(1/252)−1; the optimiser uses the annual rate. The result (also kept as the portfolio's latest analysis): metrics, benchmark, series, per-asset metrics, correlation, frontier, current point, min-volatility and max-Sharpe weights (or why max-Sharpe is unavailable).",
  params: ZPortfolioId,
  body: z.object({ range: ZOptimizePreview.shape.range, bounds: ZOptimizePreview.shape.bounds }),
  bodyOptional: true,
  submits: true,
  responses: queued,
  handler: async ({ viewer, params, body, json }) => {
    const r = await startPortfolioAnalysis(viewer, { id: params.id, ...body });
    return json(202, { ...r, links: runLinks(r.runId) });
  },
});

const analysisTags = ["Analyses"];

function startRoute<S extends z.ZodType>(
  path: string,
  summary: string,
  body: S,
  start: (
    viewer: Parameters<typeof startAssetAnalysis>[0],
    input: z.output<S>,
    tasks: TaskCatalog,
  ) => Promise<{ runId: string }>,
): Route {
  return defineRoute({
    method: "POST",
    path,
    tags: analysisTags,
    summary,
    body,
    submits: true,
    responses: queued,
    handler: async ({ viewer, body: input, json, tasks }) => {
      const r = await start(viewer, input as z.output<S>, tasks);
      return json(202, { ...r, links: runLinks(r.runId) });
    },
  });
}

function snapshotRoutes(kind: "opportunities" | "rankings", summary: string, start: typeof startRankings): Route[] {
  const path = `/api/v1/analysis/${kind}`;
  return [
    defineRoute({
      method: "GET",
      path,
      tags: analysisTags,
      summary,
      responses: {
        200: {
          description: "The latest snapshot { kind, key, runId, createdAt, data }, or null",
          json: ZSnapshotResponse.nullable(),
        },
      },
      handler: async ({ json }) => json(200, await latestSnapshot(kind, "all")),
    }),
    defineRoute({
      method: "POST",
      path,
      tags: analysisTags,
      summary: `Queue analysis.${kind}`,
      submits: true,
      responses: queued,
      handler: async ({ viewer, json }) => {
        const r = await start(viewer);
        return json(202, { ...r, links: runLinks(r.runId) });
      },
    }),
  ];
}

export const PORTFOLIO_ROUTES: Route[] = [
  listPortfolios,
  createPortfolioRoute,
  readPortfolio,
  updatePortfolio,
  deletePortfolio,
  putHoldings,
  analyzePortfolio,
  startRoute(
    "/api/v1/analysis/asset",
    "Queue an analysis.asset run: metrics, drawdown and rolling series, momentum, 52-week high, fundamentals",
    ZAnalysisAssetInput,
    startAssetAnalysis,
  ),
  startRoute(
    "/api/v1/analysis/compare",
    "Queue an analysis.compare run over 2..20 tickers: metrics, normalised series on common dates, correlation",
    ZAnalysisCompareInput,
    startCompare,
  ),
  startRoute(
    "/api/v1/analysis/batch",
    "Queue 1..1,000 asset analyses in chunk runs (chunkSize 1..100 assets, default 50; at most 499 chunks): a chord of analysis.assetChunk runs with an analysis.batchSummary callback (best/worst by Sharpe, …); an asset that cannot be analysed is listed in the summary's failed",
    ZAnalysisBatchInput,
    startBatch,
  ),
  ...snapshotRoutes(
    "opportunities",
    "The latest opportunities (declared screening rules, each explained)",
    startOpportunities,
  ),
  ...snapshotRoutes("rankings", "The latest rankings by Sharpe, return, volatility and drawdown", startRankings),
];
