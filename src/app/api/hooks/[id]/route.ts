/**
 * POST /api/hooks/:id — an incoming webhook: a body signed with the hook's secret
 * (x-fluxo-timestamp, x-fluxo-signature, as Fluxo signs its own deliveries) starts the hook's task
 * with the body as input, as the hook's owner. No session or token: the signature is the credential.
 */
import { z } from "zod";
import { env } from "@/env";
import { withBodyLimit } from "@/server/body-limit";
import { consume } from "@/server/rate-limit";
import { findNul, nulMessage } from "@/server/nul";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from "@/server/signing";
import { findIncomingHook } from "@/runs/webhook.repository";
import { enqueue } from "@/runs/enqueue";
import { taskRegistry } from "@/runs/registry";
import { submitLimit } from "@/runs/submit-limit";
import "@/worker/tasks";
import { apiError, toResponse } from "../../_lib/api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(raw: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    if (!z.uuid().safeParse(id).success) return apiError(404, "NOT_FOUND", "hook not found");
    const req = await withBodyLimit(raw, env().MAX_BODY_BYTES);
    if (req instanceof Response) return req;
    const hook = await findIncomingHook(id);
    // Unknown, disabled and badly signed all look alike to the caller, but for the reason given.
    if (!hook || !hook.enabled) return apiError(404, "NOT_FOUND", "hook not found");
    const body = await req.text();
    const v = verify(hook.secret, req.headers.get(TIMESTAMP_HEADER), req.headers.get(SIGNATURE_HEADER), body);
    if (!v.ok) return apiError(401, "BAD_SIGNATURE", v.reason);
    const limit = await consume(`submit:${hook.ownerId}`, submitLimit());
    if (!limit.ok)
      return apiError(
        429,
        "RATE_LIMITED",
        "Too many run submissions for this hook's owner",
        {},
        { "retry-after": String(Math.ceil(limit.retryAfterMs / 1000)) },
      );
    let input: unknown;
    try {
      input = body.trim() ? JSON.parse(body) : {};
    } catch {
      return apiError(400, "BAD_REQUEST", "body: must be valid JSON");
    }
    const at = findNul(input);
    if (at) return apiError(400, "BAD_REQUEST", nulMessage(at));
    const task = taskRegistry().get(hook.task);
    if (!task) return apiError(409, "CONFLICT", `task ${hook.task} is not available`);
    const completed = task.complete ? task.complete(input) : input;
    const run = await enqueue(task, completed, { ownerId: hook.ownerId });
    return Response.json({ runId: run.id }, { status: 202 });
  } catch (err) {
    return toResponse(err);
  }
}
