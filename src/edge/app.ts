/**
 * The edge's Hono app: the machine-facing paths (see api-routes.ts) with headers fitting an API
 * rather than a page, CORS closed unless API_CORS_ORIGINS names origins, and a JSON 404 for any other
 * path under /api/ that Next does not own (sign-in stays in Next). tRPC is answered here too: the
 * browser's calls skip the proxy hop and Next's router.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { HttpBindings } from "@hono/node-server";
import type { TaskCatalog } from "@/runs/task-catalog";
import { toResponse } from "@/api/errors";
import { runEvents as runEventsRoute, runsFeed as runsFeedRoute } from "@/features/runs/runs.routes";
import { trpcHandler } from "@/trpc/http";
import { mountApi } from "./api-routes";
import { runEvents, runsFeed } from "./sse";

export interface EdgeAppOptions {
  corsOrigins: readonly string[];
  trustProxy: boolean;
  /** The tasks the API and tRPC may start by name (src/tasks/catalog.ts; a test adds its own). */
  tasks: TaskCatalog;
}

/** Paths under /api/ that Next.js answers (everything else under /api/ is the edge's): sign-in. */
export const NEXT_API_PREFIXES = ["/api/auth/"] as const;

/** The paths the edge answers itself; the rest go to Next. */
export function isEdgePath(pathname: string): boolean {
  if (pathname === "/metrics") return true;
  if (!pathname.startsWith("/api/") && pathname !== "/api") return false;
  return !NEXT_API_PREFIXES.some((p) => pathname.startsWith(p));
}

const API_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

export function createEdgeApp(o: EdgeAppOptions): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use("*", async (c, next) => {
    await next();
    const h = c.res.headers;
    if (h.has("x-hono-already-sent")) return; // written straight to the socket (streams)
    for (const [k, v] of Object.entries(API_HEADERS)) if (!h.has(k)) h.set(k, v);
    // Everything here is per caller or live: never stored by a shared cache unless a route says so.
    if (!h.has("cache-control")) h.set("cache-control", "no-store");
    const https =
      new URL(c.req.url).protocol === "https:" || (o.trustProxy && c.req.header("x-forwarded-proto") === "https");
    if (https) h.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  });
  if (o.corsOrigins.length) {
    const allowed = new Set(o.corsOrigins);
    app.use(
      "/api/*",
      cors({
        origin: (origin) => (allowed.has(origin) ? origin : null),
        // traceparent: a browser client's trace continues into the submit's span (src/server/tracing.ts).
        allowHeaders: [
          "Authorization",
          "Content-Type",
          "Idempotency-Key",
          "Last-Event-ID",
          "If-None-Match",
          "traceparent",
        ],
        exposeHeaders: ["ETag", "Retry-After", "Idempotent-Replayed", "Location"],
        maxAge: 600,
      }),
    );
  }
  // The live streams write straight to the socket (sse.ts); every other path runs its declared route.
  // Without a Node response (app.fetch called in-process, as the tests' harness does) they are answered
  // by their declared routes as web streams.
  app.get("/api/runs/events", (c) => (c.env?.outgoing ? runsFeed(c) : runsFeedRoute.handle(c.req.raw, {}, o.tasks)));
  app.get("/api/runs/:id/events", (c) =>
    c.env?.outgoing ? runEvents(c) : runEventsRoute.handle(c.req.raw, c.req.param() as Record<string, string>, o.tasks),
  );
  app.all("/api/trpc/:path", (c) => trpcHandler(c.req.raw, o.tasks));
  mountApi(app, o.tasks);
  app.onError((err) => toResponse(err));
  app.notFound((c) =>
    c.json(
      { error: { code: "NOT_FOUND", message: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` } },
      404,
    ),
  );
  return app;
}
