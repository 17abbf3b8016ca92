/** Errors thrown by the forecast engine. Services pass them on; routers/CLI translate them. */
import { FieldInputError } from "../shared/errors";

/** An input the engine refuses; `field` names the offending input field (e.g. "samples"). */
export class ForecastInputError extends FieldInputError {
  override readonly name = "ForecastInputError";
}

/** The caller's signal was aborted between chunks of work. Named "AbortError" like DOM aborts. */
export class ForecastCancelledError extends Error {
  override readonly name = "AbortError";

  constructor(message = "forecast cancelled") {
    super(message);
  }
}
