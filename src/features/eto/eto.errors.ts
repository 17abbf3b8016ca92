/** The ETo feature's refusals; the router and the HTTP routes translate them. */

/** A saved location that does not exist or is someone else's: both are 404s. */
export class EtoLocationNotFoundError extends Error {
  override readonly name = "EtoLocationNotFoundError";
}

/** A limit reached (saved locations per account): 409. */
export class EtoLimitError extends Error {
  override readonly name = "EtoLimitError";
}
