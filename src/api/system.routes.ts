/** Health (liveness, readiness with each check) and the Prometheus scrape. */
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env, requireDatabaseUrl } from "@/env";
import { readiness } from "@/server/health";
import { registry } from "@/server/metrics";
import { installQueueGauges } from "@/runs/metrics";
import { installTableHealthGauges } from "@/runs/table-health.metrics";
import { installAlertGauges } from "@/features/alerts/alerts.metrics";
import { defineRoute } from "./route";
import { apiError } from "./http";
import { ZApiError } from "./errors";

const tags = ["Health"];
const started = Date.now();

export const live = defineRoute({
  method: "GET",
  path: "/api/health/live",
  tags,
  summary: "Liveness: the web process answers",
  public: true,
  responses: {
    200: { description: "Up", json: z.object({ status: z.literal("ok"), uptimeS: z.number().int().nonnegative() }) },
  },
  handler: ({ json }) => json(200, { status: "ok" as const, uptimeS: Math.round((Date.now() - started) / 1000) }),
});

const ZCheck = z.object({
  ok: z.boolean(),
  ms: z.number().describe("How long the check took"),
  detail: z.string().optional().describe("Why it failed, or what it found"),
  skipped: z.boolean().optional().describe("Not configured (Redis without REDIS_URL)"),
});
const ZReadiness = z.object({
  status: z.enum(["ready", "not ready"]),
  checks: z.object({ database: ZCheck, migrations: ZCheck, redis: ZCheck, workers: ZCheck }),
});

export const ready = defineRoute({
  method: "GET",
  path: "/api/health/ready",
  tags,
  summary: "Readiness with per-check detail (database, Redis, migrations, live workers)",
  public: true,
  responses: {
    200: { description: "Every check passes", json: ZReadiness },
    503: { description: "A check fails (each check's result says which)", json: ZReadiness },
  },
  handler: async ({ json }) => {
    const e = env();
    const r = await readiness({
      databaseUrl: requireDatabaseUrl(),
      redisUrl: e.REDIS_URL,
      deadAfterMs: e.WORKER_DEAD_AFTER_MS,
    });
    return r.ready
      ? json(200, { status: "ready" as const, checks: r.checks })
      : json(503, { status: "not ready" as const, checks: r.checks });
  },
});

function isMetricsToken(authz: string | null): boolean {
  const want = env().METRICS_TOKEN;
  if (!want || !authz) return false;
  const got = Buffer.from(authz.replace(/^Bearer\s+/i, ""));
  const w = Buffer.from(want);
  return got.length === w.length && timingSafeEqual(got, w);
}

export const metrics = defineRoute({
  method: "GET",
  path: "/metrics",
  tags,
  summary: "Prometheus text format: this web process's metrics and the install's queue gauges",
  description:
    "For scrapers holding METRICS_TOKEN (Authorization: Bearer <METRICS_TOKEN>) and for admins (session or API token); workers expose their run counters on WORKER_METRICS_PORT.",
  public: true,
  responses: {
    200: { description: "Prometheus exposition", media: { "text/plain": { type: "string" } } },
    401: { description: "No METRICS_TOKEN nor credentials", json: ZApiError },
    404: { description: "Credentials of someone who is not an admin", json: ZApiError },
  },
  handler: async ({ req }) => {
    if (!isMetricsToken(req.headers.get("authorization"))) {
      const { viewerOf } = await import("@/accounts/resolve");
      const v = await viewerOf(req.headers);
      if (!v)
        return apiError(401, "UNAUTHORIZED", "Send Authorization: Bearer <METRICS_TOKEN or an admin's API token>");
      if (v.role !== "admin") return apiError(404, "NOT_FOUND", "not found");
    }
    installQueueGauges(env().WORKER_DEAD_AFTER_MS);
    installTableHealthGauges();
    installAlertGauges();
    return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
  },
});

export const SYSTEM_ROUTES = [live, ready, metrics];
