import { z } from "zod";
import { api, parseWith } from "../../_lib/api";
import { ZListRunsInput } from "@/features/runs/runs.schemas";
import { listRunsPage } from "@/features/runs/runs.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").optional(),
  cursor: z.string().optional(),
  status: z.string().max(200, "status is too long").optional().transform((s) => (s ? s.split(",") : undefined)),
  task: z.string().optional(),
  all: z.enum(["0", "1", "true", "false"], { message: "all must be 0, 1, true or false" }).optional().transform((v) => v === "1" || v === "true"),
});

/** GET /api/v1/runs?status=running,queued&task=forecast.when&limit=50&cursor=…&all=1 (all: admins). */
export const GET = api(async ({ req, viewer }) => {
  const q = parseWith(ZQuery, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listRunsPage(viewer, ZListRunsInput.parse(q)));
});
