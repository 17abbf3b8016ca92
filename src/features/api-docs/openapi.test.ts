import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const apiDir = path.resolve(import.meta.dirname, "../../app/api");

/** Every route file under src/app/api, as an OpenAPI path (`[id]` → `{id}`). */
function routes(dir: string, prefix = "/api"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "route.ts") return [prefix];
    if (!statSync(full).isDirectory() || name.startsWith("_")) return [];
    return routes(full, `${prefix}/${name.replace(/^\[(.+)\]$/, "{$1}")}`);
  });
}

describe("the OpenAPI document", () => {
  it("describes every public API route (so the document cannot fall behind the code)", () => {
    const doc = openApiDocument("test");
    const documented = new Set(Object.keys(doc.paths));
    const internal = new Set(["/api/trpc/{trpc}", "/api/auth/{...all}", "/api/runs/events", "/api/v1/openapi.json"]);
    // A dynamic segment may be documented by its concrete values (/forecasts/{kind} → /forecasts/backtest, …).
    const enumerated = (r: string) => {
      const re = new RegExp(`^${r.replace(/\{[^}]+\}/g, "[^/{}]+")}$`);
      return [...documented].some((d) => re.test(d));
    };
    const missing = routes(apiDir).filter((r) => !internal.has(r) && !documented.has(r) && !enumerated(r));
    expect(missing).toEqual([]);
    expect([...documented].filter((d) => d.startsWith("/api/v1/forecasts/"))).toEqual(
      expect.arrayContaining([
        "/api/v1/forecasts/how-many",
        "/api/v1/forecasts/deadline",
        "/api/v1/forecasts/backtest",
        "/api/v1/forecasts/cut-line",
      ]),
    );
  });

  it("takes request bodies from the zod schemas the routes validate with", () => {
    const body = openApiDocument("test").paths["/api/v1/forecasts/when"].post.requestBody.content["application/json"]
      .schema as { properties?: Record<string, unknown>; required?: string[] };
    expect(Object.keys(body.properties ?? {})).toEqual(
      expect.arrayContaining(["samples", "backlog", "trials", "seed"]),
    );
    expect(body.required).toEqual(expect.arrayContaining(["samples", "backlog"]));
  });

  it("describes the enqueue options, the Idempotency-Key header and the batch route's answers", () => {
    type Op = {
      description?: string;
      parameters?: { name: string; in: string }[];
      requestBody: {
        content: { "application/json": { schema: { properties: Record<string, Record<string, unknown>> } } };
      };
      responses: Record<string, unknown>;
    };
    const paths = openApiDocument("test").paths as unknown as Record<string, { post: Op }>;
    const one = paths["/api/v1/runs"]!.post;
    const props = one.requestBody.content["application/json"].schema.properties;
    expect(Object.keys(props)).toEqual(
      expect.arrayContaining([
        "task",
        "input",
        "priority",
        "delayMs",
        "runAt",
        "idempotencyKey",
        "concurrencyKey",
        "concurrencyLimit",
      ]),
    );
    expect(props.priority).toMatchObject({ type: "integer", minimum: -1000, maximum: 1000 });
    expect(props.delayMs).toMatchObject({ minimum: 0, maximum: 30 * 86_400_000 });
    expect(props.runAt).toMatchObject({ type: "string", format: "date-time" });
    expect(one.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
    expect(Object.keys(one.responses)).toEqual(expect.arrayContaining(["200", "202", "400", "409", "413"]));
    const batch = paths["/api/v1/runs/batch"]!.post;
    expect(batch.requestBody.content["application/json"].schema.properties.runs).toMatchObject({
      type: "array",
      minItems: 1,
      maxItems: 1000,
    });
    expect(batch.description).toMatch(/ONE submission against the per-account rate limit/);
    expect(Object.keys(batch.responses)).toEqual(expect.arrayContaining(["202", "400", "409", "413"]));
  });
});
