/** Assertions shared by the forecast engine's tests (test-only). */
import { thrown } from "../shared/thrown.fixtures";
import { ForecastInputError } from "./errors";

/** The ForecastInputError `f` throws (failing when it throws none or another error). */
export const inputError = (f: () => unknown): ForecastInputError => thrown(ForecastInputError, f);
