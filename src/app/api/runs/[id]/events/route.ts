import { openRunStream, parseLastEventId, RUN_ID, SSE_HEADERS } from "@/runs/stream";
import { scopeOf } from "@/accounts/viewer";
import { api, apiError } from "../../../_lib/api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Server-sent events of one run (replays from Last-Event-ID). Someone else's run: 404, as if it did not exist. */
export const GET = api<{ id: string }>(async ({ req, viewer }, { id }) => {
  if (!RUN_ID.test(id)) return apiError(400, "BAD_REQUEST", "id: must be a run id (UUID)");
  const url = new URL(req.url);
  const lastEventId = parseLastEventId(req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId"));
  const stream = await openRunStream(id, { lastEventId, signal: req.signal, scope: scopeOf(viewer) });
  if (!stream) return apiError(404, "NOT_FOUND", `run ${id} not found`);
  return new Response(stream, { headers: SSE_HEADERS });
});
