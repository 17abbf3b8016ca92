/**
 * Every HTTP API route, the one list that knows them all (as src/trpc/root.ts is for tRPC): the
 * edge mounts it and the OpenAPI document is generated from it, including the document's own route.
 */
import pkg from "../../package.json" with { type: "json" };
import { ACCOUNTS_ROUTES } from "@/features/accounts/accounts.routes";
import { ALERTS_ROUTES } from "@/features/alerts/alerts.routes";
import { CONSOLE_ROUTES } from "@/features/console/console.routes";
import { HEALTH_ROUTES } from "@/features/console/health.routes";
import { ETO_ROUTES } from "@/features/eto/eto.routes";
import { FORECAST_ROUTES } from "@/features/forecast/forecast.routes";
import { MARKET_ROUTES } from "@/features/market/market.routes";
import { PORTFOLIO_ROUTES } from "@/features/portfolio/portfolio.routes";
import { PROJECTS_ROUTES } from "@/features/projects/projects.routes";
import { REPORTS_ROUTES } from "@/features/reports/reports.routes";
import { RUNS_ROUTES } from "@/features/runs/runs.routes";
import { WEBHOOKS_ROUTES } from "@/features/webhooks/webhooks.routes";
import { WORKFLOWS_ROUTES } from "@/features/workflows/workflows.routes";
import { z } from "zod";
import { openApiDocument } from "./openapi";
import { defineRoute, type Route } from "./route";
import { SYSTEM_ROUTES } from "./system.routes";

const FEATURE_ROUTES: Route[] = [
  ...ACCOUNTS_ROUTES,
  ...RUNS_ROUTES,
  ...WORKFLOWS_ROUTES,
  ...FORECAST_ROUTES,
  ...ETO_ROUTES,
  ...MARKET_ROUTES,
  ...PORTFOLIO_ROUTES,
  ...REPORTS_ROUTES,
  ...PROJECTS_ROUTES,
  ...CONSOLE_ROUTES,
  ...ALERTS_ROUTES,
  ...HEALTH_ROUTES,
  ...WEBHOOKS_ROUTES,
  ...SYSTEM_ROUTES,
];

let document: ReturnType<typeof openApiDocument> | undefined;

export const openApiRoute = defineRoute({
  method: "GET",
  path: "/api/v1/openapi.json",
  tags: ["Health"],
  summary: "This document (no credentials: it holds no data)",
  public: true,
  responses: {
    200: {
      description: "OpenAPI 3.1",
      json: z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose(),
    },
  },
  handler: ({ json }) => json(200, (document ??= openApiDocument(API_ROUTES, pkg.version))),
});

export const API_ROUTES: readonly Route[] = [...FEATURE_ROUTES, openApiRoute];
