/** Mounts every feature's router: the one file that knows them all. */
import { createTRPCRouter } from "@/server/trpc";
import { forecastRouter } from "@/features/forecast/forecast.router";
import { runsRouter } from "@/features/runs/runs.router";
import { consoleRouter } from "@/features/console/console.router";
import { accountsRouter } from "@/features/accounts/accounts.router";
import { schedulesRouter } from "@/features/schedules/schedules.router";
import { workflowsRouter } from "@/features/workflows/workflows.router";
import { webhooksRouter } from "@/features/webhooks/webhooks.router";
import { projectsRouter } from "@/features/projects/projects.router";
import { etoRouter } from "@/features/eto/eto.router";
import { analysisRouter, portfolioRouter } from "@/features/portfolio/portfolio.router";
import { marketRouter } from "@/features/market/market.router";
import { reportsRouter } from "@/features/reports/reports.router";
import { alertsRouter } from "@/features/alerts/alerts.router";

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
  portfolio: portfolioRouter,
  analysis: analysisRouter,
  market: marketRouter,
  reports: reportsRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
