/** The ETo feature's refusals; the router and the HTTP routes translate them. */
import { refusal } from "@/domain/shared/errors";

/** A saved location that does not exist or is someone else's: both are 404s. */
export class EtoLocationNotFoundError extends refusal("NOT_FOUND", "EtoLocationNotFoundError") {}

/** A limit reached (saved locations per account): 409. */
export class EtoLimitError extends refusal("CONFLICT", "EtoLimitError") {}
