import { z } from "zod";
import { api, ApiError, jsonBody, limitPerUser, parseWith } from "../../_lib/api";
import { ZListRunsInput } from "@/features/runs/runs.schemas";
import { listRunsPage } from "@/features/runs/runs.service";
import { submitRun } from "@/features/runs/submit.service";
import { enqueueOptionsOf, ZIdempotencyKeyHeader, ZSubmitRunInput } from "@/features/runs/submit.schemas";
import { submitApiError } from "./submit-errors";
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

/**
 * POST /api/v1/runs — { task, input, priority?, delayMs?, runAt?, idempotencyKey?, concurrencyKey?,
 * concurrencyLimit? } (or the Idempotency-Key header): start any task you may run → 202 { runId,
 * status, links }; a key that already names the run → 200 with that run and Idempotent-Replayed: true.
 */
export const POST = api(async ({ req, viewer }) => {
  const body = await jsonBody(req, ZSubmitRunInput);
  const idempotencyKey = idempotencyKeyOf(req.headers, body.idempotencyKey);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await submitRun(viewer, body.task, body.input, { ...enqueueOptionsOf(body), idempotencyKey }).catch(
    (e: unknown) => {
      throw submitApiError(e);
    },
  );
  return Response.json(
    {
      runId: r.runId,
      status: r.status,
      links: { run: `/api/v1/runs/${r.runId}`, events: `/api/runs/${r.runId}/events` },
    },
    r.replayed ? { status: 200, headers: { "idempotent-replayed": "true" } } : { status: 202 },
  );
});

/** The Idempotency-Key header, checked as the body's field is; both given must agree. */
function idempotencyKeyOf(headers: Headers, fromBody: string | undefined): string | undefined {
  const header = headers.get("idempotency-key");
  if (header === null) return fromBody;
  const key = parseWith(z.object({ "Idempotency-Key": ZIdempotencyKeyHeader }), { "Idempotency-Key": header })[
    "Idempotency-Key"
  ];
  if (fromBody !== undefined && fromBody !== key) {
    const message = "idempotencyKey differs from the Idempotency-Key header; give one of them, or the same key in both";
    throw new ApiError(400, "BAD_REQUEST", `idempotencyKey: ${message}`, {
      fields: [{ path: "idempotencyKey", message }],
    });
  }
  return key;
}
