/**
 * The two live streams served by the edge straight onto the Node response: the frames a run's
 * followers share are written as the same bytes to each socket, with no web-stream promise or chunk
 * object per frame per client, and `writableLength` tells a slow client apart (dropped past
 * SSE_MAX_BUFFERED_BYTES; it resumes with Last-Event-ID). Same answers as the route handlers in
 * src/features/runs/runs.routes.ts (401, 400 naming the id, 404 for someone else's run).
 */
import type { ServerResponse } from "node:http";
import type { Context } from "hono";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { authenticate } from "@/accounts/resolve";
import { scopeOf } from "@/accounts/viewer";
import { apiError, unauthorized } from "@/api/http";
import { toResponse } from "@/api/errors";
import { openRunStreamTo, parseLastEventId, RUN_ID, SSE_HEADERS, streamRunsFeedTo, type SseSink } from "@/runs/stream";

type Ctx = Context<{ Bindings: HttpBindings }>;

export const STREAM_HEADERS: Record<string, string> = {
  ...SSE_HEADERS,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

function nodeSink(res: ServerResponse): SseSink {
  let gone = () => {};
  let ended = false;
  res.on("close", () => {
    if (!ended) gone();
  });
  return {
    write(b) {
      if (res.destroyed || res.writableEnded) return false;
      res.write(b);
      return true;
    },
    buffered: () => res.writableLength,
    end() {
      ended = true;
      res.end();
    },
    abort() {
      ended = true;
      res.destroy();
    },
    onGone(cb) {
      gone = cb;
    },
  };
}

async function stream(c: Ctx, open: (sink: SseSink, begin: () => void) => Promise<Response | null>) {
  if (c.req.method !== "GET")
    return apiError(405, "METHOD_NOT_ALLOWED", `${c.req.method} is not allowed here; use GET`, {}, { allow: "GET" });
  const res = c.env.outgoing;
  try {
    const answer = await open(nodeSink(res), () => res.writeHead(200, STREAM_HEADERS));
    return answer ?? RESPONSE_ALREADY_SENT;
  } catch (err) {
    if (!res.headersSent) return toResponse(err);
    res.destroy();
    return RESPONSE_ALREADY_SENT;
  }
}

/** GET /api/runs/:id/events — a run's events (replays from Last-Event-ID). */
export function runEvents(c: Ctx): Promise<Response> {
  return stream(c, async (sink, begin) => {
    const a = await authenticate(c.req.raw.headers);
    if (!a.ok) return unauthorized(a.reason);
    const id = c.req.param("id")!;
    if (!RUN_ID.test(id)) return apiError(400, "BAD_REQUEST", "id: must be a run id (UUID)");
    const lastEventId = parseLastEventId(c.req.header("last-event-id") ?? c.req.query("lastEventId"));
    const found = await openRunStreamTo(sink, id, { lastEventId, scope: scopeOf(a.viewer), begin });
    return found ? null : apiError(404, "NOT_FOUND", `run ${id} not found`);
  });
}

/** GET /api/runs/events — status changes of the caller's runs (every run for an admin with ?all=1). */
export function runsFeed(c: Ctx): Promise<Response> {
  return stream(c, async (sink, begin) => {
    const a = await authenticate(c.req.raw.headers);
    if (!a.ok) return unauthorized(a.reason);
    const all = a.viewer.role === "admin" && c.req.query("all") === "1";
    begin();
    await streamRunsFeedTo(sink, { ownerId: all ? undefined : a.viewer.id });
    return null;
  });
}
