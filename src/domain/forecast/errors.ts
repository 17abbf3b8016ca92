/** Errors thrown by the forecast engine. Services pass them on; routers/CLI translate them. */

/** An input the engine refuses; `field` names the offending input field (e.g. "samples"). */
export class ForecastInputError extends Error {
  override readonly name = "ForecastInputError";
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** The caller's signal was aborted between chunks of work. Named "AbortError" like DOM aborts. */
export class ForecastCancelledError extends Error {
  override readonly name = "AbortError";

  constructor(message = "forecast cancelled") {
    super(message);
  }
}
