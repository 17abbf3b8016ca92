import { api, jsonBody, limitPerUser } from "../../../_lib/api";
import { PORTFOLIO_ENDPOINTS, queued } from "@/features/portfolio/portfolio.endpoints";
import { startCompare } from "@/features/portfolio/analysis.runs";
import { submitLimit } from "@/runs/submit-limit";
import { asApiError } from "../../portfolios/api-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/analysis/compare — queue the run (see PORTFOLIO_ENDPOINTS.compare); 202 with the run id. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, PORTFOLIO_ENDPOINTS.compare.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  return queued(await startCompare(viewer, input).catch(asApiError));
});
