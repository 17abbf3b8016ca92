import { readdirSync, statSync } from "node:fs";
import { taskCatalog } from "@/runs/task-catalog";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEdgeApp } from "@/edge/app";
import { API_ROUTES } from "./root";
import { SUBMIT_FIELDS } from "@/test/submit-fields";
import { openApiDocument } from "./openapi";

const doc = openApiDocument(API_ROUTES, "test");
type Op = {
  description?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: {
    required?: boolean;
    content: {
      "application/json": { schema: { properties: Record<string, Record<string, unknown>>; required?: string[] } };
    };
  };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
const paths = doc.paths as unknown as Record<string, Record<string, Op>>;

/** Every route file left under src/app (Next's own), as a path. */
function nextRoutes(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "route.ts") return [prefix];
    if (!statSync(full).isDirectory() || name.startsWith("_")) return [];
    return nextRoutes(full, `${prefix}/${name.replace(/^\[(.+)\]$/, "{$1}")}`);
  });
}

describe("the OpenAPI document", () => {
  it("is generated from the routes the edge mounts: every one of them, with every method", () => {
    const app = createEdgeApp({ corsOrigins: [], trustProxy: false, tasks: taskCatalog([]) });
    const mounted = new Set(app.routes.map((r) => r.path.replace(/:([^/]+)/g, "{$1}")));
    for (const r of API_ROUTES) {
      expect(mounted.has(r.path), `${r.path} mounted`).toBe(true);
      expect(paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path} documented`).toBeDefined();
    }
    // What the edge serves beyond the declared routes: tRPC (the browser's, not a public API) and the 404.
    const undeclared = [...mounted].filter((p) => p !== "/*" && !paths[p]);
    expect(undeclared).toEqual(["/api/trpc/{path}"]);
    // No API route hides in Next's file routes: only sign-in stays there.
    expect(nextRoutes(path.resolve(import.meta.dirname, "../app"))).toEqual(["/api/auth/{...all}"]);
    expect(Object.keys(paths).filter((d) => d.startsWith("/api/v1/forecasts/"))).toEqual(
      expect.arrayContaining([
        "/api/v1/forecasts/when",
        "/api/v1/forecasts/how-many",
        "/api/v1/forecasts/deadline",
        "/api/v1/forecasts/backtest",
        "/api/v1/forecasts/cut-line",
      ]),
    );
  });

  it("gives every operation a summary, an id of its own, and a JSON schema for every JSON answer", () => {
    const ids = new Set<string>();
    for (const [p, ops] of Object.entries(paths))
      for (const [m, op] of Object.entries(ops)) {
        const o = op as Op & { summary?: string; operationId?: string };
        expect(o.summary, `${m} ${p}`).toBeTruthy();
        expect(ids.has(o.operationId!), `${o.operationId} unique`).toBe(false);
        ids.add(o.operationId!);
        for (const [status, r] of Object.entries(o.responses)) {
          const schema = r.content?.["application/json"]?.schema;
          if (r.content?.["application/json"])
            expect(schema?.type ?? schema?.anyOf, `${m} ${p} ${status}`).toBeDefined();
        }
      }
  });

  it("takes request bodies from the zod schemas the routes validate with", () => {
    const body = paths["/api/v1/forecasts/when"]!.post!.requestBody!.content["application/json"].schema;
    expect(Object.keys(body.properties ?? {})).toEqual(
      expect.arrayContaining(["samples", "backlog", "trials", "seed"]),
    );
    expect(body.required).toEqual(expect.arrayContaining(["samples", "backlog"]));
    const run = paths["/api/v1/runs/{id}"]!.get!;
    expect(run.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    const answer = run.responses["200"]!.content!["application/json"]!.schema as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(answer.properties)).toEqual(expect.arrayContaining(["id", "task", "status", "input", "result"]));
    expect(Object.keys(run.responses)).toEqual(expect.arrayContaining(["200", "304", "401", "404"]));
    // The run's OpenTelemetry trace id: 32 hex digits, or null when tracing was off at its submit.
    expect(JSON.stringify(answer.properties.traceId)).toMatch(/\^\[0-9a-f\]\{32\}\$/);
    expect(JSON.stringify(answer.properties.traceId)).toContain('"null"');
  });

  it("describes the enqueue options, the Idempotency-Key header and the batch route's answers", () => {
    const one = paths["/api/v1/runs"]!.post!;
    const props = one.requestBody!.content["application/json"].schema.properties;
    expect(Object.keys(props)).toEqual(expect.arrayContaining([...SUBMIT_FIELDS]));
    expect(props.priority).toMatchObject({ type: "integer", minimum: -1000, maximum: 1000 });
    expect(props.delayMs).toMatchObject({ minimum: 0, maximum: 30 * 86_400_000 });
    expect(props.runAt).toMatchObject({ type: "string", format: "date-time" });
    expect(one.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
    expect(Object.keys(one.responses)).toEqual(expect.arrayContaining(["200", "202", "400", "409", "413"]));
    const batch = paths["/api/v1/runs/batch"]!.post!;
    expect(batch.requestBody!.content["application/json"].schema.properties.runs).toMatchObject({
      type: "array",
      minItems: 1,
      maxItems: 1000,
    });
    expect(batch.description).toMatch(/ONE submission against the per-account rate limit/);
    expect(Object.keys(batch.responses)).toEqual(expect.arrayContaining(["202", "400", "409", "413"]));
  });
});
