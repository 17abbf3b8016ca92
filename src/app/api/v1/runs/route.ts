import { z } from "zod";
import { api, ApiError, jsonBody, limitPerUser, parseWith } from "../../_lib/api";
import { ZListRunsInput } from "@/features/runs/runs.schemas";
import { listRunsPage, submitRun, TaskNotAllowedError } from "@/features/runs/runs.service";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").optional(),
  cursor: z.string().optional(),
  status: z
    .string()
    .max(200, "status is too long")
    .optional()
    .transform((s) => (s ? s.split(",") : undefined)),
  task: z.string().optional(),
  all: z
    .enum(["0", "1", "true", "false"], { message: "all must be 0, 1, true or false" })
    .optional()
    .transform((v) => v === "1" || v === "true"),
});

/** GET /api/v1/runs?status=running,queued&task=forecast.when&limit=50&cursor=…&all=1 (all: admins). */
export const GET = api(async ({ req, viewer }) => {
  const q = parseWith(ZQuery, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listRunsPage(viewer, ZListRunsInput.parse(q)));
});

const ZSubmit = z.object({
  task: z
    .string({ message: "task is required" })
    .min(1, "task is required")
    .max(128, "task must be at most 128 characters"),
  input: z.unknown().default({}),
});

/** POST /api/v1/runs — { task, input }: start any task you may run → 202 { runId, status }. */
export const POST = api(async ({ req, viewer }) => {
  const { task, input } = await jsonBody(req, ZSubmit);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  try {
    const r = await submitRun(viewer, task, input);
    return Response.json(
      { ...r, links: { run: `/api/v1/runs/${r.runId}`, events: `/api/runs/${r.runId}/events` } },
      { status: 202 },
    );
  } catch (e) {
    if (e instanceof TaskNotAllowedError)
      throw new ApiError(400, "BAD_REQUEST", `task: ${e.message}`, { fields: [{ path: "task", message: e.message }] });
    if (e instanceof z.ZodError) {
      const issues = e.issues;
      const fields = issues.map((i) => ({ path: ["input", ...i.path.map(String)].join("."), message: i.message }));
      throw new ApiError(400, "BAD_REQUEST", `${fields[0]?.path}: ${fields[0]?.message}`, { fields });
    }
    throw e;
  }
});
