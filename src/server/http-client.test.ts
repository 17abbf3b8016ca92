import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, httpGet, HttpGetError, retryAfterMs, type HttpPolicy } from "./http-client";
import { resetRateLimits } from "./token-bucket";

/** A loopback server answering each path with a scripted list of replies (the last repeats). */
let server: Server;
let base = "";
const script = new Map<
  string,
  { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }[]
>();
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url!.split("?")[0]!;
    const n = hits.get(path) ?? 0;
    hits.set(path, n + 1);
    const replies = script.get(path) ?? [{ status: 404 }];
    const r = replies[Math.min(n, replies.length - 1)]!;
    setTimeout(() => {
      res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
      res.end(r.body ?? "{}");
    }, r.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script.clear();
  hits.clear();
  resetRateLimits();
});

const policy: HttpPolicy = {
  retries: 2,
  retryBaseMs: 5,
  retryAfterMaxMs: 2_000,
  timeoutMs: 300,
  perSecond: 0,
  userAgent: "fluxo-test",
  settings: { timeout: "TEST_TIMEOUT_MS", retryAfterMax: "TEST_RETRY_AFTER_MAX_MS" },
};
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("resolved"),
    (e: unknown) => e as HttpGetError,
  );

describe("the outbound HTTP client", () => {
  it("retries a 5xx and answers the success that follows", async () => {
    script.set("/a", [{ status: 503 }, { status: 200, body: '{"ok":1}' }]);
    const r = await httpGet({ url: `${base}/a?token=secret`, rateKey: "t" }, policy);
    expect([r.status, r.text, hits.get("/a")]).toEqual([200, '{"ok":1}', 2]);
  });

  it("gives up after retries + 1 attempts, naming the host and path but never the query", async () => {
    script.set("/down", [{ status: 502 }]);
    const e = await failure(httpGet({ url: `${base}/down?token=secret`, rateKey: "t" }, policy));
    expect(e).toBeInstanceOf(HttpGetError);
    expect(e).toMatchObject({ kind: "unavailable", status: 502, retriable: true });
    expect(e.message).toBe(`HTTP 502 from ${base.slice(7)}/down (after 3 attempts)`);
    expect(hits.get("/down")).toBe(3);
  });

  it("honours Retry-After on a 429, and fails at once when it is over the bound", async () => {
    script.set("/slow-down", [{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    const t0 = Date.now();
    expect((await httpGet({ url: `${base}/slow-down`, rateKey: "t" }, policy)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    script.set("/go-away", [{ status: 429, headers: { "retry-after": "3600" } }]);
    const e = await failure(httpGet({ url: `${base}/go-away`, rateKey: "t" }, policy));
    expect(e).toMatchObject({ kind: "rate-limited", status: 429 });
    expect(e.message).toMatch(/Retry-After 3600 s is over the 2000 ms bound \(TEST_RETRY_AFTER_MAX_MS\)$/);
    expect(hits.get("/go-away")).toBe(1);
  });

  it("does not retry another 4xx: it is handed back when listed in pass, and fails otherwise", async () => {
    script.set("/nope", [{ status: 404, body: '{"why":"no such station"}' }]);
    expect((await httpGet({ url: `${base}/nope`, rateKey: "t", pass: [404] }, policy)).text).toContain("station");
    const e = await failure(httpGet({ url: `${base}/nope`, rateKey: "t" }, policy));
    expect(e).toMatchObject({ kind: "bad-response", status: 404, retriable: false });
    expect(e.message).toContain("no such station");
    expect(hits.get("/nope")).toBe(2);
  });

  it("times out naming the setting, and stops at once when the caller aborts", async () => {
    script.set("/hang", [{ status: 200, delayMs: 2_000 }]);
    const e = await failure(httpGet({ url: `${base}/hang`, rateKey: "t" }, { ...policy, retries: 0 }));
    expect(e.message).toMatch(/no answer from .*\/hang within 300 ms \(TEST_TIMEOUT_MS\) \(after 1 attempts\)/);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("cancelled by the run")), 50);
    await expect(httpGet({ url: `${base}/hang`, rateKey: "t", signal: ac.signal }, policy)).rejects.toThrow(
      "cancelled by the run",
    );
  });

  it("refuses an answer over maxBytes without retrying", async () => {
    script.set("/big", [{ status: 200, body: JSON.stringify({ x: "y".repeat(5_000) }) }]);
    const e = await failure(httpGet({ url: `${base}/big`, rateKey: "t", maxBytes: 1_000 }, policy));
    expect(e).toMatchObject({ kind: "too-large", retriable: false });
    expect(hits.get("/big")).toBe(1);
  });

  it("spaces requests of one key by its rate, and keys apart", async () => {
    script.set("/r", [{ status: 200 }]);
    const paced = { ...policy, perSecond: 1 }; // a burst of 1, then one a second
    const t0 = Date.now();
    await httpGet({ url: `${base}/r`, rateKey: "paced" }, paced);
    await httpGet({ url: `${base}/r`, rateKey: "other" }, paced);
    expect(Date.now() - t0).toBeLessThan(900); // two keys: no wait
    await httpGet({ url: `${base}/r`, rateKey: "paced" }, paced);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });
});

describe("its timing rules", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2_000);
    expect(retryAfterMs("1.5")).toBe(1_500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it("backs off with full jitter over base·2^(attempt−1)", () => {
    expect(backoffMs(1, 100, () => 0.999)).toBe(100);
    expect(backoffMs(3, 100, () => 0.5)).toBe(200);
    expect(backoffMs(4, 100, () => 0)).toBe(0);
  });
});
