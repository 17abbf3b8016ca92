/**
 * The edge's cross-origin rule: closed unless API_CORS_ORIGINS names the origin. A preflight from a
 * named origin is answered with it; from any other origin, with no Access-Control-Allow-Origin.
 */
import { taskCatalog } from "@/runs/task-catalog";
import { describe, expect, it } from "vitest";
import { createEdgeApp, isEdgePath } from "./app";

const preflight = (origin: string) =>
  new Request("http://fluxo.test/api/v1/runs", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
  });

describe("edge CORS", () => {
  it("answers a preflight from a configured origin, and only from it", async () => {
    const app = createEdgeApp({ corsOrigins: ["https://app.example.com"], trustProxy: false, tasks: taskCatalog([]) });
    const ok = await app.fetch(preflight("https://app.example.com"));
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(ok.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const other = await app.fetch(preflight("https://evil.example"));
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("is closed with no origins configured", async () => {
    const app = createEdgeApp({ corsOrigins: [], trustProxy: false, tasks: taskCatalog([]) });
    const r = await app.fetch(preflight("https://app.example.com"));
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("owns the API, streams, health, metrics and tRPC; leaves sign-in and pages to Next", () => {
    for (const p of [
      "/api/v1/runs",
      "/api/runs/x/events",
      "/api/health/live",
      "/metrics",
      "/api/trpc/runs.list",
      "/api/nope",
    ])
      expect(isEdgePath(p), p).toBe(true);
    for (const p of ["/", "/projects", "/api/auth/sign-in/email", "/_next/static/x.js", "/apix"])
      expect(isEdgePath(p), p).toBe(false);
  });
});
