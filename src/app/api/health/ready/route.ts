import { env, requireDatabaseUrl } from "@/env";
import { readiness } from "@/server/health";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Readiness: 200 when every check passes, else 503 — with each check's result either way. */
export async function GET() {
  const e = env();
  const r = await readiness({
    databaseUrl: requireDatabaseUrl(),
    redisUrl: e.REDIS_URL,
    deadAfterMs: e.WORKER_DEAD_AFTER_MS,
  });
  return Response.json(
    { status: r.ready ? "ready" : "not ready", checks: r.checks },
    { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
