/**
 * The loopback plumbing the replay servers share (weather-replay-server.ts, market-replay-server.ts):
 * a real HTTP server on 127.0.0.1 that routes each request, logs it, serves an injected fault
 * (status, 429 with Retry-After, hang, malformed body, fixture; optionally for the next N requests,
 * optionally only for the requests it matches)
 * or else the replay's own answer, and closes with its sockets. Each replay says how a route is
 * found, what its errors, 429s and malformed bodies look like, and how it answers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A fault injected on one route. */
export type ReplayFault = (
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "rate-limit"; retryAfterSec: number }
  | { kind: "hang" }
  | { kind: "malformed" }
  /** Serve this body (a fixture; a string is sent as is) instead of the generated one. */
  | { kind: "fixture"; body: unknown; status?: number; headers?: Record<string, string>; contentType?: string }
) & {
  /** Only the next N requests (then the fault clears); default: until cleared. */
  times?: number;
  /** Only the requests this says yes to (e.g. one place's); default: every request of the route. */
  match?: (u: URL) => boolean;
};

/** Status, body (a string is sent as is, anything else as JSON) and extra headers. */
export type Answer = [number, unknown, Record<string, string>?];

export interface ReplaySpec<R extends string, E extends { status: number }> {
  /** Port to listen on (default 0: any free one). */
  port?: number;
  /** The Content-Type of every answer unless its headers say otherwise. */
  contentType: string;
  route(u: URL): R | undefined;
  /** The request's log entry (its `status` is filled in when it is answered; -1: never). */
  logEntry(req: http.IncomingMessage, u: URL, route: R | undefined): E;
  /** The body of the 404 for an unknown path, of an injected status without a body, of a 500. */
  errorBody(message: string): unknown;
  rateLimited(route: R, retryAfterSec: number): Answer;
  malformed(route: R): Answer;
  answer(route: R, u: URL, req: http.IncomingMessage): Answer;
}

export interface ReplayServer<R extends string, E> {
  url: string;
  setFault(route: R, fault: ReplayFault | null): void;
  requests: E[];
  close(): Promise<void>;
}

/** Starts the server described by `spec`; resolves once it listens. */
export async function startReplayServer<R extends string, E extends { status: number }>(
  spec: ReplaySpec<R, E>,
): Promise<ReplayServer<R, E>> {
  const faults = new Map<R, ReplayFault>();
  const requests: E[] = [];

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://replay");
    const route = spec.route(u);
    const entry = spec.logEntry(req, u, route);
    requests.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      const text = typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, { "Content-Type": spec.contentType, ...headers });
      res.end(status === 304 ? undefined : text);
    };
    if (!route) return send(404, spec.errorBody(`no route for ${u.pathname}`));
    const fault = faults.get(route);
    if (fault && (!fault.match || fault.match(u))) {
      if (fault.times !== undefined && --fault.times <= 0) faults.delete(route);
      switch (fault.kind) {
        case "status":
          return send(fault.status, fault.body ?? spec.errorBody(`injected HTTP ${fault.status}`), fault.headers);
        case "rate-limit":
          return send(...spec.rateLimited(route, fault.retryAfterSec));
        case "hang":
          entry.status = -1; // never answered; the socket closes with the server
          return;
        case "malformed":
          return send(...spec.malformed(route));
        case "fixture":
          return send(fault.status ?? 200, fault.body, {
            ...(fault.contentType ? { "Content-Type": fault.contentType } : {}),
            ...fault.headers,
          });
      }
    }
    try {
      send(...spec.answer(route, u, req));
    } catch (e) {
      send(500, spec.errorBody((e as Error).message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(spec.port ?? 0, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setFault: (r, f) => void (f ? faults.set(r, { ...f }) : faults.delete(r)),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
