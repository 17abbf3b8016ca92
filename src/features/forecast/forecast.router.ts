import { createTRPCRouter, perUserLimit, protectedProcedure } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZStartForecastInput } from "./forecast.schemas";
import { startForecastWhen } from "./forecast.service";

export const forecastRouter = createTRPCRouter({
  start: protectedProcedure
    .input(ZStartForecastInput)
    .use(perUserLimit("submit", submitLimit, "run submissions"))
    .mutation(({ ctx, input: { fresh, ...input } }) => startForecastWhen(input, { ownerId: ctx.viewer.id, fresh })),
});
