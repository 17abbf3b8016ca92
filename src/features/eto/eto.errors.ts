/** The ETo feature's refusals; the router and the HTTP routes translate them. */
import { Refusal } from "@/domain/shared/errors";

/** A saved location that does not exist or is someone else's: both are 404s. */
export class EtoLocationNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override readonly name = "EtoLocationNotFoundError";
}

/** A limit reached (saved locations per account): 409. */
export class EtoLimitError extends Refusal {
  readonly code = "CONFLICT" as const;
  override readonly name = "EtoLimitError";
}
