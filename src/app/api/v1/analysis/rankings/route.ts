import { api, limitPerUser } from "../../../_lib/api";
import { queued } from "@/features/portfolio/portfolio.endpoints";
import { latestSnapshot, startRankings } from "@/features/portfolio/analysis.runs";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/analysis/rankings — the latest snapshot ({ kind, key, runId, createdAt, data }) or null. */
export const GET = api(async () => Response.json(await latestSnapshot("rankings", "all")));

/** POST /api/v1/analysis/rankings — queue analysis.rankings; 202 with the run id. */
export const POST = api(async ({ viewer }) => {
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  return queued(await startRankings(viewer));
});
