import { api, ApiError } from "../../_lib/api";
import { workers } from "@/features/console/workers.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/workers?stopped=1 — worker processes, live or dead (and stopped ones with stopped=1), admins. */
export const GET = api(async ({ req, viewer }) => {
  if (viewer.role !== "admin") throw new ApiError(403, "FORBIDDEN", "Only an admin may see workers");
  return Response.json({
    items: await workers({ includeStopped: new URL(req.url).searchParams.get("stopped") === "1" }),
  });
});
