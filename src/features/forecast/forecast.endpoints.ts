/**
 * The HTTP API's forecast endpoints beyond /forecasts/when, by path segment: the input schema
 * (the forecast's own plus `fresh`) and the service that queues it.
 */
import { z } from "zod";
import { ZForecastHowManyInput } from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineInput } from "./analytics.schemas";
import {
  startForecastBacktest,
  startForecastCutLine,
  startForecastDeadline,
  startForecastHowMany,
} from "./forecast.service";

const ZFresh = { fresh: z.boolean({ error: "fresh must be true or false" }).optional() };

export const FORECAST_ENDPOINTS: Record<
  string,
  {
    task: string;
    summary: string;
    schema: z.ZodType<{ fresh?: boolean }>;
    start: (
      input: never,
      o: { ownerId: string | null; fresh?: boolean },
    ) => Promise<{ runId: string; seed: number; fromCache: boolean }>;
  }
> = {
  "how-many": {
    task: "forecast.howMany",
    summary: "Queue a 'how many items by a date?' forecast",
    schema: ZForecastHowManyInput.safeExtend(ZFresh),
    start: startForecastHowMany as never,
  },
  deadline: {
    task: "forecast.deadline",
    summary: "Queue a deadline-risk forecast (optionally trend-aware)",
    schema: ZForecastDeadlineInput.safeExtend(ZFresh),
    start: startForecastDeadline as never,
  },
  backtest: {
    task: "forecast.backtest",
    summary: "Queue a walk-forward backtest of the forecast over a history",
    schema: ZForecastBacktestInput.safeExtend(ZFresh),
    start: startForecastBacktest as never,
  },
  "cut-line": {
    task: "forecast.cutLine",
    summary: "Queue a multi-feature cut-line forecast",
    schema: ZForecastCutLineInput.safeExtend(ZFresh),
    start: startForecastCutLine as never,
  },
};
