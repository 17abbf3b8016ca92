import { api, jsonBody } from "../../_lib/api";
import { PORTFOLIO_ENDPOINTS } from "@/features/portfolio/portfolio.endpoints";
import { createPortfolio, listPortfoliosOf } from "@/features/portfolio/portfolio.service";
import { asApiError } from "./api-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/portfolios — the caller's portfolios with their holdings. */
export const GET = api(async ({ viewer }) => Response.json(await listPortfoliosOf(viewer)));

/** POST /api/v1/portfolios — create one (holdings optional; unknown tickers refused by name); 201. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, PORTFOLIO_ENDPOINTS.portfolios.schema);
  return Response.json(await createPortfolio(viewer, input).catch(asApiError), { status: 201 });
});
