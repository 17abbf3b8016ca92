import { api, jsonBody, limitPerUser, parseWith } from "../../../../_lib/api";
import { PORTFOLIO_ENDPOINTS, queued, ZPortfolioIdParam } from "@/features/portfolio/portfolio.endpoints";
import { startPortfolioAnalysis } from "@/features/portfolio/analysis.runs";
import { submitLimit } from "@/runs/submit-limit";
import { asApiError } from "../../api-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/portfolios/:id/analyze — queue analysis.portfolio; 202 with the run id. */
export const POST = api<{ id: string }>(async ({ req, viewer }, params) => {
  const { id } = parseWith(ZPortfolioIdParam, params);
  const body = await jsonBody(req, PORTFOLIO_ENDPOINTS.analyze.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  return queued(await startPortfolioAnalysis(viewer, { id, ...body }).catch(asApiError));
});
