import { z } from "zod";
import type { Viewer } from "@/accounts/viewer";
import { asBadRequest, createTRPCRouter, perUserLimit, protectedProcedure } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { checkOneStart, RUN_OPTION_FIELDS, splitRunOptions } from "@/features/runs";
import { ZForecastHowManyRunInput, ZStartForecastInput } from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineRunInput } from "./analytics.schemas";
import {
  startForecastBacktest,
  startForecastCutLine,
  startForecastDeadline,
  startForecastHowMany,
  startForecastWhen,
} from "./forecast.service";
import { ZForecastSensitivityInput } from "./sensitivity.schemas";
import { startSensitivity } from "./sensitivity.service";

/**
 * Each mutation takes the forecast's own input plus `fresh` (bypass an identical earlier result)
 * and the run options: `priority`, and `delayMs` or `runAt` for a delayed start.
 */
const ZFresh = z.object({ fresh: z.boolean({ error: "fresh must be true or false" }).optional() });
const submit = protectedProcedure.use(perUserLimit("submit", submitLimit, "run submissions"));

/** What a start input adds to the forecast's own fields. */
const RUN = { ...ZFresh.shape, ...RUN_OPTION_FIELDS };

type Owner = { viewer: Viewer };
/** The forecast input, and the options for the service: owner, fresh, run options (originRunId: a rerun's origin). */
function optionsOf<
  T extends { fresh?: boolean; priority?: number; delayMs?: number; runAt?: string; originRunId?: string },
>(ctx: Owner, input: T) {
  const [{ fresh, ...rest }, { originRunId, ...run }] = splitRunOptions(input);
  const origin = originRunId ? { origin: { viewer: ctx.viewer, runId: originRunId } } : {};
  return [rest, { ownerId: ctx.viewer.id, fresh, ...run, ...origin }] as const;
}

export const forecastRouter = createTRPCRouter({
  start: submit
    .input(ZStartForecastInput.safeExtend(RUN).superRefine(checkOneStart))
    .mutation(({ ctx, input }) => startForecastWhen(...optionsOf(ctx, input))),
  startHowMany: submit
    .input(ZForecastHowManyRunInput.safeExtend(RUN).superRefine(checkOneStart))
    .mutation(({ ctx, input }) => startForecastHowMany(...optionsOf(ctx, input))),
  startDeadline: submit
    .input(ZForecastDeadlineRunInput.safeExtend(RUN).superRefine(checkOneStart))
    .mutation(({ ctx, input }) => startForecastDeadline(...optionsOf(ctx, input))),
  startBacktest: submit
    .input(ZForecastBacktestInput.safeExtend(RUN).superRefine(checkOneStart))
    .mutation(({ ctx, input }) => startForecastBacktest(...optionsOf(ctx, input))),
  startCutLine: submit
    .input(ZForecastCutLineInput.safeExtend(RUN).superRefine(checkOneStart))
    .mutation(({ ctx, input }) => startForecastCutLine(...optionsOf(ctx, input))),
  /** "What moves the date most?": a when input plus backlogChange; a chord of forecasts and their tornado. */
  sensitivity: submit
    .input(ZForecastSensitivityInput)
    .mutation(({ ctx, input }) =>
      startSensitivity(input, { ownerId: ctx.viewer.id, tasks: ctx.tasks }).catch(asBadRequest),
    ),
});
