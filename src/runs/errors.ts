/** Errors a task handler can throw to steer the run lifecycle. */
import { Refusal } from "@/domain/shared/errors";

/** The run fails at once, without retries (bad input, a permanent upstream refusal, …). */
export class NonRetriableError extends Error {
  override name = "NonRetriableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class RunNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override name = "RunNotFoundError";
  constructor(readonly runId: string) {
    super(`run ${runId} not found`);
  }
}

export class RunNotRedrivableError extends Refusal {
  readonly code = "CONFLICT" as const;
  override name = "RunNotRedrivableError";
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`run ${runId} is ${status}: only failed or dead runs can be redriven`);
  }
}

export type AbortReason = "cancelled" | "timeout" | "shutdown";

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  field?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const field = (err as { field?: unknown }).field;
    return {
      name: err.name,
      message: err.message,
      stack: err.stack,
      ...(typeof field === "string" ? { field } : {}),
    };
  }
  return { name: "Error", message: String(err) };
}
