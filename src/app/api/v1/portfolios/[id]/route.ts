import { api, jsonBody, parseWith } from "../../../_lib/api";
import { PORTFOLIO_ENDPOINTS, ZPortfolioIdParam } from "@/features/portfolio/portfolio.endpoints";
import { getPortfolio, removePortfolio, updatePortfolioOf } from "@/features/portfolio/portfolio.service";
import { asApiError } from "../api-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/portfolios/:id — one of the caller's portfolios (someone else's is a 404). */
export const GET = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZPortfolioIdParam, params);
  return Response.json(await getPortfolio(viewer, id).catch(asApiError));
});

/** PATCH /api/v1/portfolios/:id — name, description, benchmark, riskFree. */
export const PATCH = api<{ id: string }>(async ({ req, viewer }, params) => {
  const { id } = parseWith(ZPortfolioIdParam, params);
  const patch = await jsonBody(req, PORTFOLIO_ENDPOINTS.portfolio.schema);
  return Response.json(await updatePortfolioOf(viewer, { ...patch, id }).catch(asApiError));
});

/** DELETE /api/v1/portfolios/:id */
export const DELETE = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZPortfolioIdParam, params);
  return Response.json(await removePortfolio(viewer, id).catch(asApiError));
});
