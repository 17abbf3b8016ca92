/**
 * The edge's HTTP server: the paths app.ts owns go to the Hono app, everything else to Next.js.
 * Slow clients: request headers must arrive within `headersTimeoutMs` and the whole request within
 * `requestTimeoutMs` (408, connection closed); responses and streams are not limited.
 */
import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import { logger } from "@/server/logger";
import { tasks } from "@/tasks/catalog";
import { createEdgeApp, isEdgePath } from "./app";
import { nextProxy } from "./next-proxy";

export interface EdgeServerOptions {
  nextUrl: string;
  host: string;
  publicPort: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  corsOrigins: readonly string[];
  trustProxy: boolean;
}

function pathOf(url: string | undefined): string {
  if (!url) return "/";
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

export function createEdgeServer(o: EdgeServerOptions): http.Server {
  const app = createEdgeApp({ corsOrigins: o.corsOrigins, trustProxy: o.trustProxy, tasks });
  const edge = getRequestListener(app.fetch, { hostname: o.host });
  const toNext = nextProxy({
    target: o.nextUrl,
    trustProxy: o.trustProxy,
    publicPort: o.publicPort,
    onError: (err) => logger.warn({ err: err.message }, "edge: Next.js did not answer"),
  });
  const server = http.createServer(
    {
      requestTimeout: o.requestTimeoutMs,
      headersTimeout: o.headersTimeoutMs,
      // How often Node checks those timeouts (default 30 s, which would let a slow client linger).
      connectionsCheckingInterval: Math.min(1000, o.headersTimeoutMs),
    },
    (req, res) => {
      if (isEdgePath(pathOf(req.url))) void edge(req, res);
      else toNext(req, res);
    },
  );
  server.keepAliveTimeout = 5000;
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}
