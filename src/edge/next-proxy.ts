/**
 * Everything the edge does not answer itself (pages, static assets, tRPC, sign-in) goes to the Next.js
 * server on a loopback port, streamed both ways over kept-alive connections. The client's address is
 * passed on in X-Forwarded-For so Next's own limits see who asked: the socket's address replaces
 * whatever the client sent (unforgeable), unless TRUST_PROXY says a reverse proxy in front of us
 * already wrote it.
 */
import http from "node:http";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
]);

export interface NextProxyOptions {
  /** Next's server, e.g. http://127.0.0.1:41234 */
  target: string;
  trustProxy: boolean;
  /** The public port, for X-Forwarded-Port. */
  publicPort: number;
  onError?: (err: Error) => void;
}

export function nextProxy(o: NextProxyOptions) {
  const target = new URL(o.target);
  // Idle pooled connections are dropped after 30 s, before Next's own keep-alive timeout (the launcher
  // sets 65 s), so a request never goes out on a connection Next is closing.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 30_000 });
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    const socketAddr = req.socket.remoteAddress ?? "unknown";
    if (!o.trustProxy || !headers["x-forwarded-for"]) headers["x-forwarded-for"] = socketAddr;
    if (!o.trustProxy || !headers["x-forwarded-proto"]) headers["x-forwarded-proto"] = "http";
    if (!o.trustProxy || !headers["x-forwarded-port"]) headers["x-forwarded-port"] = String(o.publicPort);
    if (!o.trustProxy || !headers["x-forwarded-host"]) {
      if (req.headers.host) headers["x-forwarded-host"] = req.headers.host;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (up) => {
        const out: string[] = [];
        const raw = up.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) {
          if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
        }
        res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
        up.pipe(res);
        up.on("error", () => res.destroy());
      },
    );
    let clientGone = false;
    upstream.on("error", (err) => {
      if (clientGone) return; // we cut it ourselves: the client left
      o.onError?.(err);
      if (!res.headersSent) {
        res.writeHead(503, {
          "content-type": "text/plain; charset=utf-8",
          "retry-after": "2",
          "cache-control": "no-store",
        });
        res.end("The web application is starting or restarting; try again in a few seconds\n");
      } else res.destroy();
    });
    // The client left: stop the upstream work too (a long page render, a stream).
    res.on("close", () => {
      if (!res.writableFinished) {
        clientGone = true;
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  };
}
