import { timingSafeEqual } from "node:crypto";
import { registry } from "@/server/metrics";
import { installQueueGauges } from "@/runs/metrics";
import { env } from "@/env";
import { viewerOf } from "@/accounts/resolve";
import { apiError } from "../api/_lib/api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function isMetricsToken(authz: string | null): boolean {
  const want = env().METRICS_TOKEN;
  if (!want || !authz) return false;
  const got = Buffer.from(authz.replace(/^Bearer\s+/i, ""));
  const w = Buffer.from(want);
  return got.length === w.length && timingSafeEqual(got, w);
}

/**
 * Prometheus text format: this web process's metrics plus the install's queue gauges (read from the
 * database); workers expose their run counters on WORKER_METRICS_PORT.
 * For admins (session or API token) and for scrapers holding METRICS_TOKEN.
 */
export async function GET(req: Request) {
  if (!isMetricsToken(req.headers.get("authorization"))) {
    const v = await viewerOf(req.headers);
    if (!v) return apiError(401, "UNAUTHORIZED", "Send Authorization: Bearer <METRICS_TOKEN or an admin's API token>");
    if (v.role !== "admin") return apiError(404, "NOT_FOUND", "not found");
  }
  installQueueGauges(env().WORKER_DEAD_AFTER_MS);
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
}
