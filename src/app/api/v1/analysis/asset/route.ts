import { api, jsonBody, limitPerUser } from "../../../_lib/api";
import { PORTFOLIO_ENDPOINTS, queued } from "@/features/portfolio/portfolio.endpoints";
import { startAssetAnalysis } from "@/features/portfolio/analysis.runs";
import { submitLimit } from "@/runs/submit-limit";
import { asApiError } from "../../portfolios/api-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/analysis/asset — queue the run (see PORTFOLIO_ENDPOINTS.asset); 202 with the run id. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, PORTFOLIO_ENDPOINTS.asset.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  return queued(await startAssetAnalysis(viewer, input).catch(asApiError));
});
