import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { ZForecastWhenInput } from "./forecast.schemas";
import { startForecastWhen } from "./forecast.service";

export const forecastRouter = createTRPCRouter({
  start: publicProcedure.input(ZForecastWhenInput).mutation(({ input }) => startForecastWhen(input)),
});
