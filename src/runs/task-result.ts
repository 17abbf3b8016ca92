/**
 * A run's result read with its task's output schema. Client-safe (zod only): the executor checks a
 * handler's result with it, and a view reads a stored result (`unknown` from the API) once, at its
 * boundary.
 */
import { z } from "zod";

/**
 * A statistic as a result may hold it: any number, NaN and ±Infinity included (degenerate data can
 * give those), or null — which is what JSON stores for NaN and ±Infinity.
 */
export const ZStatistic = z.custom<number>((v) => typeof v === "number", "expected a number").nullable();

/** The result as the schema types it, or null when it does not match (the view says "unexpected result"). */
export function parseResult<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** "path: message" of a failed parse's first issue ("percentiles.85: Invalid input: expected number, received string"). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  return `${path || "(the result itself)"}: ${issue.message}`;
}

/** Why a task's result was refused: the executor's error message. */
export function outputMismatch(task: string, error: z.ZodError): string {
  return `task ${task} returned a result that does not match its output schema: ${firstIssue(error)}`;
}
