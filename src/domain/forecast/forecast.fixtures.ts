/** Assertions shared by the forecast engine's tests (test-only). */
import { expect } from "vitest";
import { ForecastInputError } from "./errors";

/** The ForecastInputError `f` throws (failing when it throws none or another error). */
export function inputError(f: () => unknown): ForecastInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ForecastInputError);
    return e as ForecastInputError;
  }
  throw new Error("expected a ForecastInputError");
}
