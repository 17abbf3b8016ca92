import { api, jsonBody, parseWith } from "../../../../_lib/api";
import { PORTFOLIO_ENDPOINTS, ZPortfolioIdParam } from "@/features/portfolio/portfolio.endpoints";
import { setHoldingsOf } from "@/features/portfolio/portfolio.service";
import { asApiError } from "../../api-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** PUT /api/v1/portfolios/:id/holdings — replace every holding (weights summing to 1, or normalise: true). */
export const PUT = api<{ id: string }>(async ({ req, viewer }, params) => {
  const { id } = parseWith(ZPortfolioIdParam, params);
  const body = await jsonBody(req, PORTFOLIO_ENDPOINTS.holdings.schema);
  return Response.json(await setHoldingsOf(viewer, { ...body, id }).catch(asApiError));
});
