/**
 * POST /api/hooks/{id} — an incoming webhook: a body signed with the hook's secret
 * (x-fluxo-timestamp, x-fluxo-signature, as Fluxo signs its own deliveries) starts the hook's task
 * with the body as input, as the hook's owner. No session or token: the signature is the credential.
 */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { apiError } from "@/api/http";
import { ZApiError } from "@/api/errors";
import { consume } from "@/server/rate-limit";
import { findNul, nulMessage } from "@/server/nul";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from "@/server/signing";
import { findIncomingHook } from "@/runs/webhook.repository";
import { enqueue } from "@/runs/enqueue";
import { submitLimit } from "@/runs/submit-limit";

export const incomingHook = defineRoute({
  method: "POST",
  path: "/api/hooks/{id}",
  tags: ["Hooks"],
  summary: "Incoming hook: a signed body starts the hook's task",
  description:
    "The body (JSON, the task's input) signed with the hook's secret as Fluxo signs its own deliveries: x-fluxo-signature = sha256=<hex of HMAC-SHA256(secret, `<timestamp>.<body>`)>, x-fluxo-timestamp = Unix milliseconds (within 5 minutes of now). An unknown, disabled or wrongly signed hook is a 404/401 with no more detail.",
  public: true,
  headers: [
    {
      name: TIMESTAMP_HEADER,
      required: true,
      description: "Unix milliseconds of the signature",
      schema: { type: "string" },
    },
    { name: SIGNATURE_HEADER, required: true, description: "The body's signature", schema: { type: "string" } },
  ],
  responses: {
    202: { description: "The run it started", json: z.object({ runId: z.uuid() }) },
    401: { description: "Bad or stale signature", json: ZApiError },
    404: { description: "No such hook (or disabled)", json: ZApiError },
  },
  handler: async ({ req, path, json, tasks }) => {
    const id = path.id!;
    if (!z.uuid().safeParse(id).success) return apiError(404, "NOT_FOUND", "hook not found");
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
    const task = tasks.get(hook.task);
    if (!task) return apiError(409, "CONFLICT", `task ${hook.task} is not available`);
    const completed = task.complete ? task.complete(input) : input;
    const run = await enqueue(task, completed, { ownerId: hook.ownerId });
    return json(202, { runId: run.id });
  },
});

export const WEBHOOKS_ROUTES = [incomingHook];
