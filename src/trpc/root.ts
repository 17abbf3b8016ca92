/** Mounts every feature's router: the one file that knows them all. */
import { createCallerFactory, createTRPCRouter } from "@/server/trpc";
import { forecastRouter } from "@/features/forecast/forecast.router";
import { runsRouter } from "@/features/runs/runs.router";
import { consoleRouter } from "@/features/console/console.router";
import { accountsRouter } from "@/features/accounts/accounts.router";
import { schedulesRouter } from "@/features/schedules/schedules.router";
import { workflowsRouter } from "@/features/workflows/workflows.router";
import { webhooksRouter } from "@/features/webhooks/webhooks.router";
import { projectsRouter } from "@/features/projects/projects.router";
import { etoRouter } from "@/features/eto/eto.router";

export const appRouter = createTRPCRouter({
  forecast: forecastRouter,
  runs: runsRouter,
  console: consoleRouter,
  accounts: accountsRouter,
  schedules: schedulesRouter,
  workflows: workflowsRouter,
  webhooks: webhooksRouter,
  projects: projectsRouter,
  eto: etoRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
