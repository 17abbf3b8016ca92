/** The projects feature's refusals; the router and the HTTP routes translate them. */
import { Refusal } from "@/domain/shared/errors";
import { ZodError } from "zod";

/** A project (or one of its forecasts or actuals) that does not exist or is someone else's: both are 404s. */
export class ProjectNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override readonly name = "ProjectNotFoundError";
}

/** A limit reached (projects per account, forecasts or actuals per project): 409. */
export class ProjectLimitError extends Refusal {
  readonly code = "CONFLICT" as const;
  override readonly name = "ProjectLimitError";
}

/** A result with no CSV (not finished, or a task without an export): 409. */
export class CsvUnavailableError extends Refusal {
  readonly code = "CONFLICT" as const;
  override readonly name = "CsvUnavailableError";
}

/** A refusal that names the field, shaped like a schema error (tRPC answers 400 with `fields`). */
export function fieldError(path: string, message: string): ZodError {
  return new ZodError([{ code: "custom", path: [path], message, input: undefined }]);
}
