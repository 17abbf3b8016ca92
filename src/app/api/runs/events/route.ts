import { openRunsFeed, SSE_HEADERS } from "@/runs/stream";
import { api } from "../../_lib/api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Status changes of the caller's runs (every run for an admin with ?all=1). */
export const GET = api(async ({ req, viewer }) => {
  const all = viewer.role === "admin" && new URL(req.url).searchParams.get("all") === "1";
  return new Response(await openRunsFeed({ signal: req.signal, ownerId: all ? undefined : viewer.id }), {
    headers: SSE_HEADERS,
  });
});
