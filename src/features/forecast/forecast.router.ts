import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { ZStartForecastInput } from "./forecast.schemas";
import { startForecastWhen } from "./forecast.service";

export const forecastRouter = createTRPCRouter({
  start: publicProcedure
    .input(ZStartForecastInput)
    .mutation(({ input: { fresh, ...input } }) => startForecastWhen(input, { fresh })),
});
