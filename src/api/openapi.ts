/**
 * The HTTP API's OpenAPI 3.1 document, generated from the declared routes (route.ts): the same zod
 * schemas validate each request and type each answer, so the document cannot drift from the code.
 * JSON Schema comes from zod's own converter (`z.toJSONSchema`): requests as they are sent (input),
 * answers as they are returned (output). Served at GET /api/v1/openapi.json.
 */
import { z } from "zod";
import { ZApiError } from "./errors";
import type { Route } from "./route";

type Json = Record<string, unknown>;

const jsonSchema = (s: z.ZodType, io: "input" | "output"): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Json;
  return rest;
};

const ERROR = { description: "Error", content: { "application/json": { schema: jsonSchema(ZApiError, "output") } } };

/** The path or query parameters an object schema declares. */
function parameters(s: z.ZodType | undefined, where: "path" | "query"): Json[] {
  if (!s) return [];
  const js = jsonSchema(s, "input") as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: where,
      required: where === "path" || (js.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** The errors any route of this kind may answer, beside the ones it documents itself (all ZApiError). */
export function standardErrors(r: Route): Record<string, Json> {
  const e: Record<string, Json> = {};
  if (r.params || r.query || r.body || r.headers.length)
    e["400"] = { ...ERROR, description: "Bad input: names the field and its limit" };
  if (!r.public) {
    e["401"] = { ...ERROR, description: "No credentials, or a wrong, revoked or expired token" };
    e["403"] = { ...ERROR, description: "Not allowed (or a cookie-authenticated write without its CSRF token)" };
    e["503"] = { ...ERROR, description: "PostgreSQL or Redis out of reach; Retry-After says when to try again" };
  }
  if (r.params || r.body)
    e["404"] = { ...ERROR, description: "A thing the request names does not exist (someone else's is the same 404)" };
  if (r.body) {
    e["409"] = { ...ERROR, description: "Conflicts with the current state (a limit reached, a key already used, …)" };
    e["413"] = { ...ERROR, description: "Body over MAX_BODY_BYTES (2 MiB by default)" };
  }
  if (r.submits) {
    e["429"] = { ...ERROR, description: "Too many submissions (RATE_LIMIT_SUBMIT_PER_MIN); Retry-After" };
    e["503"] = {
      ...ERROR,
      description:
        "PostgreSQL or Redis out of reach, or load shed: a low-priority run refused while a queue is backed up or the job tables are unhealthy (the message says which); Retry-After says when to try again",
    };
  }
  return e;
}

function operation(r: Route): Json {
  const responses: Record<string, Json> = standardErrors(r);
  for (const [status, d] of Object.entries(r.responses)) {
    if ("json" in d)
      responses[status] = {
        description: d.description,
        content: { "application/json": { schema: jsonSchema(d.json, "output") } },
        ...(d.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(d.headers).map(([k, v]) => [k, { ...v, schema: { type: "string" } }]),
              ),
            }
          : {}),
      };
    else if ("media" in d)
      responses[status] = {
        description: d.description,
        content: Object.fromEntries(Object.entries(d.media).map(([type, schema]) => [type, { schema }])),
      };
    else responses[status] = { description: d.description };
  }
  return {
    operationId: `${r.method.toLowerCase()}${r.path.replace(/\{([^}]+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    tags: r.tags,
    ...(r.public ? { security: [] } : {}),
    parameters: [
      ...parameters(r.params, "path"),
      ...parameters(r.query, "query"),
      ...r.headers.map((h) => ({ in: "header", ...h })),
    ],
    ...(r.body
      ? {
          requestBody: {
            required: !r.bodyOptional,
            content: { "application/json": { schema: jsonSchema(r.body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly Route[], version: string) {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: "3.1.0",
    info: {
      title: "Fluxo HTTP API",
      version,
      description:
        "Runs, forecasts, ETo, portfolios and analyses, reports, workflows, queues and workers. Authenticate with `Authorization: Bearer <API token>` (made on /account); someone else's run is a 404. Every error is `{ error: { code, message, fields? } }`.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { token: { type: "http", scheme: "bearer" } } },
    security: [{ token: [] }],
    paths,
  };
}
