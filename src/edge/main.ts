/**
 * The web process that owns the public port: answers the machine-facing paths itself (the HTTP API,
 * run streams, health, metrics, incoming hooks — see app.ts) and streams everything else to the
 * Next.js server the launcher runs on a loopback port (FLUXO_NEXT_URL).
 *
 *   FLUXO_NEXT_URL=http://127.0.0.1:41234 node --import tsx src/edge/main.ts
 *
 * SIGTERM/SIGINT: stop accepting, let responses in flight finish for 2 s, then cut open streams
 * (clients reconnect elsewhere and resume with Last-Event-ID).
 */
import { env } from "@/env";
import { logger } from "@/server/logger";
import { startTracing, stopTracing } from "@/server/tracing";
import { startAlertWatchdog } from "@/features/alerts/watchdog";
import { createEdgeServer } from "./server";

const e = env();
// Traces (OTEL_EXPORTER_OTLP_ENDPOINT set): before any request is served. Off, nothing is loaded.
await startTracing("web");
const nextUrl = process.env.FLUXO_NEXT_URL;
if (!nextUrl) throw new Error("FLUXO_NEXT_URL is not set: the launcher starts Next.js and passes its address");

const server = createEdgeServer({
  nextUrl,
  host: e.HOST,
  publicPort: e.PORT,
  headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
  requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
  corsOrigins: e.API_CORS_ORIGINS,
  trustProxy: e.TRUST_PROXY,
});
server.on("error", (err) => {
  logger.fatal({ err }, "edge: cannot listen");
  process.exit(1);
});
server.listen(e.PORT, e.HOST, () => logger.info({ port: e.PORT, host: e.HOST, next: nextUrl }, "edge listening"));
// With no live worker the minute's alert evaluation (a run) cannot happen: the web process does it.
const stopWatchdog = startAlertWatchdog();

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "edge stopping");
  stopWatchdog();
  server.close(() => void stopTracing().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 2000).unref();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
