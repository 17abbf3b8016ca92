import { z } from "zod";
import { createTRPCRouter, perUserLimit, protectedProcedure } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZForecastHowManyInput, ZStartForecastInput } from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineInput } from "./analytics.schemas";
import {
  startForecastBacktest,
  startForecastCutLine,
  startForecastDeadline,
  startForecastHowMany,
  startForecastWhen,
} from "./forecast.service";

/** Each mutation takes the forecast's own input plus `fresh` (bypass an identical earlier result). */
const ZFresh = z.object({ fresh: z.boolean({ error: "fresh must be true or false" }).optional() });
const submit = protectedProcedure.use(perUserLimit("submit", submitLimit, "run submissions"));

export const forecastRouter = createTRPCRouter({
  start: submit
    .input(ZStartForecastInput)
    .mutation(({ ctx, input: { fresh, ...input } }) => startForecastWhen(input, { ownerId: ctx.viewer.id, fresh })),
  startHowMany: submit
    .input(ZForecastHowManyInput.safeExtend(ZFresh.shape))
    .mutation(({ ctx, input: { fresh, ...input } }) => startForecastHowMany(input, { ownerId: ctx.viewer.id, fresh })),
  startDeadline: submit
    .input(ZForecastDeadlineInput.safeExtend(ZFresh.shape))
    .mutation(({ ctx, input: { fresh, ...input } }) => startForecastDeadline(input, { ownerId: ctx.viewer.id, fresh })),
  startBacktest: submit
    .input(ZForecastBacktestInput.safeExtend(ZFresh.shape))
    .mutation(({ ctx, input: { fresh, ...input } }) => startForecastBacktest(input, { ownerId: ctx.viewer.id, fresh })),
  startCutLine: submit
    .input(ZForecastCutLineInput.safeExtend(ZFresh.shape))
    .mutation(({ ctx, input: { fresh, ...input } }) => startForecastCutLine(input, { ownerId: ctx.viewer.id, fresh })),
});
