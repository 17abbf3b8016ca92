import { api, ApiError } from "../../_lib/api";
import { queues } from "@/features/console/queues.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/queues — each queue's limit, paused flag, running and waiting runs (admins). */
export const GET = api(async ({ viewer }) => {
  if (viewer.role !== "admin") throw new ApiError(403, "FORBIDDEN", "Only an admin may see queue statistics");
  return Response.json({ items: await queues() });
});
