/**
 * The edge over real sockets: it answers the API itself (JSON errors, API headers, 405 with Allow,
 * HEAD, a JSON 404 for unknown /api/ paths), hands every other path to the server behind it with the
 * client's real address, answers 503 while that server is down, and drops a client that never finishes
 * its headers. The server behind stands in for Next.js (a plain HTTP server on loopback); e2e runs the
 * real one.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";

let h: Harness;
let token: string;
let edge: http.Server;
let upstream: http.Server;
let base: string;
const seen: { url?: string; headers: http.IncomingHttpHeaders }[] = [];

const listen = (s: http.Server) =>
  new Promise<number>((r) => s.listen(0, "127.0.0.1", () => r((s.address() as AddressInfo).port)));

/** An edge with short client timeouts (the slow-client test waits on them) in front of `nextUrl`. */
async function edgeInFrontOf(nextUrl: string): Promise<http.Server> {
  const { createEdgeServer } = await import("./server");
  return createEdgeServer({
    nextUrl,
    host: "127.0.0.1",
    publicPort: 0,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 2000,
    corsOrigins: [],
    trustProxy: false,
  });
}

beforeAll(async () => {
  h = await startHarness("fluxo_test_edge");
  const admin = new Caller(h);
  await admin.signUp(uniqueEmail("edge-admin"));
  const made = await admin.trpcMutation("accounts.createToken", { name: "edge" });
  token = (made.body as { result: { data: { token: string } } }).result.data.token;
  upstream = http.createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/html", "x-upstream": "yes" });
      res.end(`<p>page ${req.method} ${req.url} ${body}</p>`);
    });
  });
  const upPort = await listen(upstream);
  edge = await edgeInFrontOf(`http://127.0.0.1:${upPort}`);
  base = `http://127.0.0.1:${await listen(edge)}`;
});

afterAll(async () => {
  edge?.closeAllConnections();
  await new Promise((r) => edge?.close(r));
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
  await h?.close();
});

const auth = () => ({ authorization: `Bearer ${token}` });

/** A small forecast of its own (fresh: never answered from an earlier run); no worker runs it here. */
const submitForecast = (samples: number[], backlog: number) =>
  fetch(`${base}/api/v1/forecasts/when`, {
    method: "POST",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify({ samples, backlog, trials: 1000, fresh: true }),
  });

describe("edge", () => {
  it("answers the API itself, with API headers and JSON errors", async () => {
    const me = await fetch(`${base}/api/v1/me`, { headers: auth() });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email?: string }).email).toMatch(/edge-admin/);
    expect(me.headers.get("x-content-type-options")).toBe("nosniff");
    expect(me.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(me.headers.get("cache-control")).toBe("no-store");
    expect(me.headers.get("access-control-allow-origin")).toBeNull();

    const missing = await fetch(`${base}/api/v1/runs/00000000-0000-4000-8000-000000000000`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");

    const anon = await fetch(`${base}/api/v1/runs`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect(seen).toHaveLength(0); // none of it reached the server behind
  });

  it("static segments win over parameters, as in Next (/runs/batch is not /runs/:id)", async () => {
    const r = await fetch(`${base}/api/v1/runs/batch`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: "{}",
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/runs/);
  });

  it("a run polled with its ETag costs a 304 and no body until it changes", async () => {
    const made = await submitForecast([1, 2, 3], 5);
    expect(made.status).toBe(202);
    const { runId } = (await made.json()) as { runId: string };
    const first = await fetch(`${base}/api/v1/runs/${runId}`, { headers: auth() });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    expect(((await first.json()) as { status: string }).status).toBe("queued");

    const same = await fetch(`${base}/api/v1/runs/${runId}`, { headers: { ...auth(), "if-none-match": etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe("");
    expect(same.headers.get("etag")).toBe(etag);
    const listed = await fetch(`${base}/api/v1/runs/${runId}`, {
      headers: { ...auth(), "if-none-match": `"x", ${etag.slice(2)}` },
    });
    expect(listed.status).toBe(304); // a strong form of the tag, in a list, matches weakly

    const cancelled = await fetch(`${base}/api/v1/runs/${runId}/cancel`, { method: "POST", headers: auth() });
    expect(cancelled.status).toBeLessThan(300);
    const changed = await fetch(`${base}/api/v1/runs/${runId}`, { headers: { ...auth(), "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(((await changed.json()) as { status: string }).status).toBe("cancelled");
  });

  it("streams a run over SSE straight from the edge: replay, live end, bad ids and a malformed Last-Event-ID", async () => {
    const made = await submitForecast([2, 3, 4], 7);
    const { runId } = (await made.json()) as { runId: string };
    const ev = await fetch(`${base}/api/runs/${runId}/events`, {
      headers: { ...auth(), "last-event-id": "not-a-number" },
    });
    expect(ev.status).toBe(200);
    expect(ev.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(ev.headers.get("x-content-type-options")).toBe("nosniff");
    const reader = ev.body!.getReader();
    let text = "";
    const until = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(text); i++) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
      }
      return re.test(text);
    };
    expect(await until(/"status":"queued"/)).toBe(true); // the malformed id replayed everything
    expect(text).toMatch(/^retry: 1000/);
    await fetch(`${base}/api/v1/runs/${runId}/cancel`, { method: "POST", headers: auth() });
    expect(await until(/event: end/)).toBe(true);
    expect(text).toMatch(/"status":"cancelled"/);
    expect((await reader.read()).done).toBe(true); // the stream closes after the end

    const bad = await fetch(`${base}/api/runs/nope/events`, { headers: auth() });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^id:/);
    const none = await fetch(`${base}/api/runs/00000000-0000-4000-8000-000000000000/events`, { headers: auth() });
    expect(none.status).toBe(404);
    expect((await fetch(`${base}/api/runs/${runId}/events`)).status).toBe(401);
  });

  it("a follower that stops reading is cut off instead of buffered without bound", async () => {
    const made = await submitForecast([3, 4, 5], 9);
    const { runId } = (await made.json()) as { runId: string };
    const port = Number(new URL(base).port);
    const sock = net.connect(port, "127.0.0.1");
    await new Promise((r) => sock.once("connect", r));
    sock.write(`GET /api/runs/${runId}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    sock.pause(); // and never read
    let closed = false;
    let received = 0;
    sock.on("close", () => (closed = true));
    sock.on("error", () => {});
    await new Promise((r) => setTimeout(r, 300));
    const { pubsub, channels } = await import("@/server/pubsub");
    const { runMetrics } = await import("@/runs/metrics");
    const dropped = async () => (await runMetrics.sseDropped.get()).values[0]?.value ?? 0;
    const before = await dropped();
    const pad = "y".repeat(3000);
    // Until the edge gives up on it: the kernel's socket buffers on loopback take megabytes first.
    let sent = 0;
    for (let i = 0; i < 12_000 && (await dropped()) === before; i++) {
      const m = {
        type: "progress",
        runId,
        progress: 0.5,
        stage: "x",
        message: pad,
        etaAt: null,
        at: new Date().toISOString(),
      };
      await pubsub().publish(channels.run(runId), JSON.stringify(m));
      sent += pad.length;
      if (i % 200 === 199) await new Promise((r) => setTimeout(r, 20));
    }
    expect((await dropped()) - before).toBe(1);
    // The client reads again: it gets what the kernel held, then the connection is gone.
    sock.on("data", (d: Buffer) => (received += d.length));
    sock.resume();
    for (let i = 0; i < 50 && !closed; i++) await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(true);
    expect(received).toBeLessThan(sent);
    sock.destroy();
  }, 60_000);

  it("unknown paths under /api/ are a JSON 404, never a page", async () => {
    for (const p of ["/api/v1/nope", "/api/nothing/here", "/api/v2/runs"]) {
      const r = await fetch(base + p, { headers: auth() });
      expect(r.status, p).toBe(404);
      expect(r.headers.get("content-type"), p).toMatch(/application\/json/);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
    expect(seen).toHaveLength(0);
  });

  it("a method the route lacks is a 405 naming the allowed ones; HEAD and OPTIONS work", async () => {
    const r = await fetch(`${base}/api/v1/runs`, { method: "PATCH", headers: auth() });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/PATCH is not allowed/);
    const head = await fetch(`${base}/api/health/live`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const opt = await fetch(`${base}/api/v1/runs`, { method: "OPTIONS" });
    expect(opt.status).toBe(204);
    expect(opt.headers.get("access-control-allow-origin")).toBeNull(); // CORS closed by default
  });

  it("every other path goes to the server behind, with the socket's address in X-Forwarded-For", async () => {
    const r = await fetch(`${base}/projects?x=1`, { headers: { "x-forwarded-for": "6.6.6.6" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-upstream")).toBe("yes");
    expect(await r.text()).toBe("<p>page GET /projects?x=1 </p>");
    const got = seen.at(-1)!;
    expect(got.headers["x-forwarded-for"]).toBe("127.0.0.1"); // the forged value is replaced
    expect(got.headers.host).toBe(new URL(base).host);
    const post = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", body: "abc" });
    expect(await post.text()).toBe("<p>page POST /api/auth/sign-in/email abc</p>"); // sign-in stays in Next
  });

  it("answers tRPC itself (the browser's queries skip the hop to Next), with the same auth", async () => {
    const before = seen.length;
    const input = encodeURIComponent(JSON.stringify({ limit: 5 }));
    const r = await fetch(`${base}/api/trpc/runs.list?input=${input}`, { headers: auth() });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { result: { data: { items: unknown[] } } }).result.data.items.length).toBeGreaterThan(
      0,
    );
    const anon = await fetch(`${base}/api/trpc/runs.list?input=${input}`);
    expect(anon.status).toBe(401);
    expect(seen.length).toBe(before);
  });

  it("while the server behind is down, its paths answer 503 with Retry-After; the API still answers", async () => {
    const dead = net.createServer();
    const deadPort = await new Promise<number>((r) =>
      dead.listen(0, "127.0.0.1", () => r((dead.address() as AddressInfo).port)),
    );
    await new Promise((r) => dead.close(r));
    const lone = await edgeInFrontOf(`http://127.0.0.1:${deadPort}`);
    const url = `http://127.0.0.1:${await listen(lone)}`;
    try {
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("2");
      expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
    } finally {
      lone.closeAllConnections();
      await new Promise((r) => lone.close(r));
    }
  });

  it("a client that never finishes its headers is answered 408 and cut off", async () => {
    const port = Number(new URL(base).port);
    const sock = net.connect(port, "127.0.0.1");
    await new Promise((r) => sock.once("connect", r));
    sock.write("GET /api/health/live HTTP/1.1\r\nHost: x\r\n"); // and nothing more
    let reply = "";
    sock.on("data", (d) => (reply += d));
    const t0 = Date.now();
    await new Promise((r) => sock.once("close", r));
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
