/**
 * The HTTP API's one error model: every refusal is `{ error: { code, message, fields? } }` with the
 * status its code calls for (a domain refusal carries its code: src/server/refusals.ts, shared with
 * tRPC), so no route translates errors by hand. A caller never gets a 500 for anything it sent: 400
 * naming the field, 401, 403, 404 (also for someone else's things), 409, 413, 429 with Retry-After;
 * 503 with Retry-After while PostgreSQL or Redis is out of reach.
 */
import { z, ZodError } from "zod";
import { logger } from "@/server/logger";
import { unavailableService } from "@/server/unavailable";
import { refusalOf } from "@/server/refusals";
import { EnqueueItemError, EnqueueOptionError, IdempotencyConflictError } from "@/runs/enqueue";
import { TaskNotAllowedError } from "@/features/runs/submit.service";
import { ApiError, apiError } from "./http";

/** The body of every error answer (documented once, in every operation's 4xx/5xx). */
export const ZApiError = z.object({
  error: z.object({
    code: z.string().describe("BAD_REQUEST, UNAUTHORIZED, CSRF, FORBIDDEN, NOT_FOUND, CONFLICT, …"),
    message: z.string().describe("What is wrong, naming the field and its limit"),
    fields: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe("Each offending field (dotted path into the input)"),
    runId: z.uuid().optional().describe("On an idempotency conflict: the run the key already names"),
    retryAfterMs: z.number().optional().describe("On 429, and on a 503 that sheds load: when to try again"),
  }),
});

type Field = { path: string; message: string };
const badRequest = (fields: Field[]) =>
  new ApiError(400, "BAD_REQUEST", `${fields[0]!.path}: ${fields[0]!.message}`, { fields });

/**
 * A submission's refusals (POST /api/v1/runs, /runs/batch): the task's own schema judged `input`, so
 * its fields are named under it; a batch item's under its index (runs.3.input.backlog); an option by
 * its name; an idempotency key used with another input is a 409 naming the run it belongs to.
 */
export function submitError(err: unknown, prefix = ""): unknown {
  if (err instanceof EnqueueItemError) return submitError(err.cause, `${prefix}runs.${err.index}.`);
  if (err instanceof TaskNotAllowedError) return badRequest([{ path: `${prefix}task`, message: err.message }]);
  if (err instanceof EnqueueOptionError) return badRequest([{ path: `${prefix}${err.field}`, message: err.message }]);
  if (err instanceof ZodError)
    return badRequest(
      err.issues.map((i) => ({ path: [`${prefix}input`, ...i.path.map(String)].join("."), message: i.message })),
    );
  if (err instanceof IdempotencyConflictError) {
    const path = `${prefix}idempotencyKey`;
    return new ApiError(409, "CONFLICT", `${path}: ${err.message}`, {
      fields: [{ path, message: err.message }],
      runId: err.runId,
    });
  }
  return err;
}

/** Any error as the API's answer. */
export function toResponse(err: unknown): Response {
  if (err instanceof ApiError) return apiError(err.status, err.code, err.message, err.extra, err.headers);
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    const first = fields[0];
    return apiError(400, "BAD_REQUEST", first ? `${first.path || "body"}: ${first.message}` : "invalid input", {
      fields,
    });
  }
  const refusal = refusalOf(err);
  if (refusal)
    return apiError(
      refusal.status,
      refusal.code,
      refusal.message,
      {
        ...(refusal.field ? { fields: [{ path: refusal.field, message: refusal.message }] } : {}),
        ...(refusal.retryAfterMs !== undefined ? { retryAfterMs: refusal.retryAfterMs } : {}),
      },
      refusal.retryAfterMs !== undefined
        ? { "retry-after": String(Math.ceil(refusal.retryAfterMs / 1000)) }
        : undefined,
    );
  const down = unavailableService(err);
  if (down) {
    logger.warn({ err: (err as Error).message }, `API: ${down} unavailable`);
    return apiError(
      503,
      "UNAVAILABLE",
      down === "database"
        ? "The database is unavailable (restarting or unreachable); try again in a few seconds"
        : "Redis is unavailable (restarting or unreachable); try again in a few seconds",
      {},
      { "retry-after": "2" },
    );
  }
  logger.error({ err }, "API error");
  return apiError(500, "INTERNAL", "Something went wrong on our side; it has been logged");
}
