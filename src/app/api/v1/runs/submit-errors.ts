/**
 * POST /api/v1/runs and /api/v1/runs/batch: a submission's refusals as ApiErrors — 400 naming the
 * field (task, input.…, an option), 409 for an idempotency key used with a different input; a batch
 * item's field is named under its index (runs.3.input.backlog).
 */
import { ZodError } from "zod";
import { ApiError } from "../../_lib/api";
import { EnqueueItemError, EnqueueOptionError, IdempotencyConflictError } from "@/runs/enqueue";
import { TaskNotAllowedError } from "@/features/runs/submit.service";

type Field = { path: string; message: string };

const badRequest = (fields: Field[]) =>
  new ApiError(400, "BAD_REQUEST", `${fields[0]!.path}: ${fields[0]!.message}`, { fields });

/** The ApiError for `err`, or `err` itself; `prefix` is where the submission sits in the body ("runs.3."). */
export function submitApiError(err: unknown, prefix = ""): unknown {
  if (err instanceof EnqueueItemError) return submitApiError(err.cause, `${prefix}runs.${err.index}.`);
  if (err instanceof TaskNotAllowedError) return badRequest([{ path: `${prefix}task`, message: err.message }]);
  if (err instanceof EnqueueOptionError) return badRequest([{ path: `${prefix}${err.field}`, message: err.message }]);
  if (err instanceof ZodError)
    // The task's own schema (or its `complete` hook) judged the input.
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
