/**
 * The edge's HTTP API: the paths machines call (`/api/v1/*`, run streams, health, metrics, incoming
 * hooks) answered here without Next.js's router or the page middleware. Every path keeps its handler
 * (a web-standard Request → Response function, as before); this table is what Next's file routing
 * was for them. Static segments come before parameters (`/runs/batch` before `/runs/:id`), as in Next.
 */
import type { Context } from "hono";
import * as r0 from "@/app/api/health/live/route";
import * as r1 from "@/app/api/health/ready/route";
import * as r2 from "@/app/api/hooks/[id]/route";
import * as r3 from "@/app/api/runs/[id]/events/route";
import * as r4 from "@/app/api/runs/events/route";
import * as r5 from "@/app/api/v1/analysis/asset/route";
import * as r6 from "@/app/api/v1/analysis/batch/route";
import * as r7 from "@/app/api/v1/analysis/compare/route";
import * as r8 from "@/app/api/v1/analysis/opportunities/route";
import * as r9 from "@/app/api/v1/analysis/rankings/route";
import * as r10 from "@/app/api/v1/assets/[ticker]/route";
import * as r11 from "@/app/api/v1/assets/route";
import * as r12 from "@/app/api/v1/eto/batch/route";
import * as r13 from "@/app/api/v1/eto/compute/route";
import * as r14 from "@/app/api/v1/forecasts/[kind]/route";
import * as r15 from "@/app/api/v1/forecasts/when/route";
import * as r16 from "@/app/api/v1/me/route";
import * as r17 from "@/app/api/v1/openapi.json/route";
import * as r18 from "@/app/api/v1/portfolios/[id]/analyze/route";
import * as r19 from "@/app/api/v1/portfolios/[id]/holdings/route";
import * as r20 from "@/app/api/v1/portfolios/[id]/route";
import * as r21 from "@/app/api/v1/portfolios/route";
import * as r22 from "@/app/api/v1/projects/[id]/forecasts/[forecastId]/result.csv/route";
import * as r23 from "@/app/api/v1/projects/[id]/history.csv/route";
import * as r24 from "@/app/api/v1/queues/route";
import * as r25 from "@/app/api/v1/reports/[id]/route";
import * as r26 from "@/app/api/v1/reports/route";
import * as r27 from "@/app/api/v1/runs/[id]/cancel/route";
import * as r28 from "@/app/api/v1/runs/[id]/redrive/route";
import * as r29 from "@/app/api/v1/runs/[id]/result.csv/route";
import * as r30 from "@/app/api/v1/runs/[id]/route";
import * as r31 from "@/app/api/v1/runs/batch/route";
import * as r32 from "@/app/api/v1/runs/route";
import * as r33 from "@/app/api/v1/workers/route";
import * as r34 from "@/app/api/v1/workflows/route";
import * as r35 from "@/app/metrics/route";
import * as r36 from "@/app/api/trpc/[trpc]/route";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", unknown>>;

/** [path, module] — static paths first: the first match answers. */
export const API_ROUTES: ReadonlyArray<readonly [string, RouteModule]> = [
  ["/api/health/live", r0],
  ["/api/health/ready", r1],
  ["/api/runs/events", r4],
  ["/api/v1/analysis/asset", r5],
  ["/api/v1/analysis/batch", r6],
  ["/api/v1/analysis/compare", r7],
  ["/api/v1/analysis/opportunities", r8],
  ["/api/v1/analysis/rankings", r9],
  ["/api/v1/assets", r11],
  ["/api/v1/eto/batch", r12],
  ["/api/v1/eto/compute", r13],
  ["/api/v1/forecasts/when", r15],
  ["/api/v1/me", r16],
  ["/api/v1/openapi.json", r17],
  ["/api/v1/portfolios", r21],
  ["/api/v1/queues", r24],
  ["/api/v1/reports", r26],
  ["/api/v1/runs", r32],
  ["/api/v1/runs/batch", r31],
  ["/api/v1/workers", r33],
  ["/api/v1/workflows", r34],
  ["/metrics", r35],
  ["/api/hooks/:id", r2],
  ["/api/trpc/:trpc", r36],
  ["/api/runs/:id/events", r3],
  ["/api/v1/assets/:ticker", r10],
  ["/api/v1/forecasts/:kind", r14],
  ["/api/v1/portfolios/:id", r20],
  ["/api/v1/portfolios/:id/analyze", r18],
  ["/api/v1/portfolios/:id/holdings", r19],
  ["/api/v1/projects/:id/history.csv", r23],
  ["/api/v1/reports/:id", r25],
  ["/api/v1/runs/:id", r30],
  ["/api/v1/runs/:id/cancel", r27],
  ["/api/v1/runs/:id/redrive", r28],
  ["/api/v1/runs/:id/result.csv", r29],
  ["/api/v1/projects/:id/forecasts/:forecastId/result.csv", r22],
];

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The methods a route module answers (HEAD with GET; OPTIONS always). */
export function allowed(mod: RouteModule): string[] {
  const m: string[] = METHODS.filter((k) => typeof mod[k] === "function");
  if (m.includes("GET")) m.push("HEAD");
  return [...m, "OPTIONS"];
}

/** Answer one request with the route module's handler for its method; 405 naming the allowed ones. */
export async function dispatch(c: Context, mod: RouteModule): Promise<Response> {
  const method = c.req.method;
  const allow = allowed(mod).join(", ");
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
  const key = method === "HEAD" ? "GET" : method;
  const fn = (mod as Record<string, unknown>)[key];
  if (typeof fn !== "function")
    return Response.json(
      { error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not allowed here; use ${allow}` } },
      { status: 405, headers: { allow, "cache-control": "no-store" } },
    );
  const res = await (fn as Handler)(c.req.raw, { params: Promise.resolve(c.req.param() as Record<string, string>) });
  if (method === "HEAD") {
    await res.body?.cancel();
    return new Response(null, { status: res.status, headers: res.headers });
  }
  return res;
}
