import { ZodError } from "zod";
import { api, ApiError, jsonBody, limitPerUser } from "../../../_lib/api";
import { submitRuns } from "@/features/runs/submit.service";
import { enqueueOptionsOf, ZSubmitBatchInput } from "@/features/runs/submit.schemas";
import { ENQUEUE_LIMITS } from "@/runs/enqueue";
import { submitLimit } from "@/runs/submit-limit";
import { submitApiError } from "../submit-errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/v1/runs/batch — { runs: [{ task, input, …options }] } (1..1,000): every item is checked
 * first, a bad one is a 400 naming it (runs.3.input.backlog) and then nothing is queued; otherwise all
 * of them in one statement → 202 { runs: [{ index, runId, status }] }. One request of the submission
 * rate limit, whatever its size.
 */
export const POST = api(async ({ req, viewer }) => {
  if (req.headers.has("idempotency-key")) {
    const message = "the Idempotency-Key header applies to POST /api/v1/runs; give each run its own idempotencyKey";
    throw new ApiError(400, "BAD_REQUEST", `Idempotency-Key: ${message}`, {
      fields: [{ path: "Idempotency-Key", message }],
    });
  }
  const body = await jsonBody(req, ZSubmitBatchInput).catch((e: unknown) => {
    throw tooMany(e) ?? e;
  });
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const runs = await submitRuns(
    viewer,
    body.runs.map((r) => ({ task: r.task, input: r.input, opts: enqueueOptionsOf(r) })),
  ).catch((e: unknown) => {
    throw submitApiError(e);
  });
  return Response.json({ runs }, { status: 202 });
});

/** More runs than a batch takes: 413 (not 400), as a body too large is. */
function tooMany(e: unknown): ApiError | null {
  if (!(e instanceof ZodError)) return null;
  const issue = e.issues.find((i) => i.code === "too_big" && i.path.length === 1 && i.path[0] === "runs");
  if (!issue) return null;
  const message = `runs must list at most ${ENQUEUE_LIMITS.batch.toLocaleString("en")} runs per request; split the batch`;
  return new ApiError(413, "PAYLOAD_TOO_LARGE", `runs: ${message}`, { fields: [{ path: "runs", message }] });
}
