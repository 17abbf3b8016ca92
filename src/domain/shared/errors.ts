/**
 * Refusals: errors that say the caller asked for something that cannot be done (a bad input, a thing
 * that does not exist or is someone else's, a limit or state in the way) rather than that something
 * broke. Each carries its code; the HTTP API and tRPC turn a code into their answer in one place each
 * (src/server/refusals.ts), so no router or route translates errors by hand.
 */
export type RefusalCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "SERVICE_UNAVAILABLE";

export abstract class Refusal extends Error {
  abstract readonly code: RefusalCode;
  /** The input field at fault (named in the answer's `fields` for a BAD_REQUEST). */
  readonly field?: string;
  /** For a SERVICE_UNAVAILABLE (load shed): when to try again (Retry-After). */
  readonly retryAfterMs?: number;
}

/**
 * The base of a refusal that is only its code and name:
 * `export class ThingNotFoundError extends refusal("NOT_FOUND", "ThingNotFoundError") {}`.
 */
export function refusal<C extends RefusalCode>(code: C, name: string) {
  return class extends Refusal {
    readonly code: C = code;
    override readonly name = name;
  };
}

/**
 * An input an engine refuses, naming the offending field (e.g. "samples", "days[3].tminC"). The
 * engines' own input errors extend it and set their `name`; it is not a {@link Refusal}.
 */
export class FieldInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
