/**
 * Output contract of the HTTP API's forecast endpoints: the JSON POST /api/v1/forecasts/when and
 * /api/v1/forecasts/{how-many,deadline,backtest,cut-line} answer (202, the run queued).
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import { FORECAST_LIMITS } from "./forecast.fields";
import type {
  startForecastBacktest,
  startForecastCutLine,
  startForecastDeadline,
  startForecastHowMany,
  startForecastWhen,
} from "./forecast.service";

/** POST /api/v1/forecasts/* (202) */
export const ZForecastQueuedResponse = z.object({
  runId: z.uuid(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(FORECAST_LIMITS.maxSeed)
    .describe(
      "The run's random seed: the one given, else drawn now (from cache: the earlier run's); same input and seed, same result",
    ),
  fromCache: z.boolean().describe("true: an earlier identical run's result was reused, so the run is already finished"),
  links: z.object({ run: z.string(), events: z.string() }),
});

// ---- compile-time checks: each service's answer, as JSON, fits its schema ----
type Body = Omit<z.output<typeof ZForecastQueuedResponse>, "links">;
type Out<F extends (...args: never[]) => unknown> = Jsonified<Awaited<ReturnType<F>>>;
type _When = Assert<Extends<Out<typeof startForecastWhen>, Body>>;
type _HowMany = Assert<Extends<Out<typeof startForecastHowMany>, Body>>;
type _Deadline = Assert<Extends<Out<typeof startForecastDeadline>, Body>>;
type _Backtest = Assert<Extends<Out<typeof startForecastBacktest>, Body>>;
type _CutLine = Assert<Extends<Out<typeof startForecastCutLine>, Body>>;
