/**
 * The HTTP API's forecasts: POST /api/v1/forecasts/{when,how-many,deadline,backtest,cut-line}, each
 * the forecast's own input (the tRPC form's) plus `fresh` (skip the memoised result); 202 with the run.
 */
import { z } from "zod";
import { defineRoute, type Route } from "@/api/route";
import { runLinks } from "@/api/http";
import { ZStartForecastInput, ZForecastHowManyRunInput } from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineRunInput } from "./analytics.schemas";
import {
  startForecastBacktest,
  startForecastCutLine,
  startForecastDeadline,
  startForecastHowMany,
  startForecastWhen,
} from "./forecast.service";
import { ZForecastQueuedResponse } from "./forecast.responses";
import { sensitivityRoute } from "./sensitivity.routes";

const ZFresh = { fresh: z.boolean({ error: "fresh must be true or false" }).optional() };

type Start<I> = (
  input: I,
  o: { ownerId: string | null; fresh?: boolean },
) => Promise<{
  runId: string;
  seed: number;
  fromCache: boolean;
}>;

function forecastRoute<S extends z.ZodType<{ fresh?: boolean }>>(
  kind: string,
  summary: string,
  body: S,
  start: Start<Omit<z.output<S>, "fresh">>,
): Route {
  return defineRoute({
    method: "POST",
    path: `/api/v1/forecasts/${kind}`,
    tags: ["Forecasts"],
    summary,
    description:
      "The seed makes the run reproducible; the same input and seed answer from the memoised result (fromCache) unless fresh is true. Follow the run at links.events; its result at GET /api/v1/runs/{runId} and as CSV at /api/v1/runs/{runId}/result.csv.",
    body,
    submits: true,
    responses: { 202: { description: "Queued: { runId, seed, fromCache, links }", json: ZForecastQueuedResponse } },
    handler: async ({ viewer, body: b, json }) => {
      const { fresh, ...input } = b as z.output<S>;
      const r = await start(input as Omit<z.output<S>, "fresh">, { ownerId: viewer.id, fresh });
      return json(202, { ...r, links: runLinks(r.runId) });
    },
  });
}

export const FORECAST_ROUTES: Route[] = [
  forecastRoute("when", "Queue a 'when will it be done?' forecast", ZStartForecastInput, startForecastWhen as never),
  forecastRoute(
    "how-many",
    "Queue a 'how many items by a date?' forecast",
    ZForecastHowManyRunInput.safeExtend(ZFresh),
    startForecastHowMany as never,
  ),
  forecastRoute(
    "deadline",
    "Queue a deadline-risk forecast (optionally trend-aware)",
    ZForecastDeadlineRunInput.safeExtend(ZFresh),
    startForecastDeadline as never,
  ),
  forecastRoute(
    "backtest",
    "Queue a walk-forward backtest of the forecast over a history",
    ZForecastBacktestInput.safeExtend(ZFresh),
    startForecastBacktest as never,
  ),
  forecastRoute(
    "cut-line",
    "Queue a multi-feature cut-line forecast",
    ZForecastCutLineInput.safeExtend(ZFresh),
    startForecastCutLine as never,
  ),
  sensitivityRoute,
];
