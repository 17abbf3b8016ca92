/**
 * The HTTP API's building blocks: the error type and body ({ error: { code, message, fields? } }),
 * the 401, JSON bodies and params parsed against zod schemas (400 naming the field, NUL refused),
 * the per-account rate limit (429 with Retry-After) and entity tags (304).
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Viewer } from "@/accounts/viewer";
import { consume, type Limit } from "@/server/rate-limit";
import { findNul, nulMessage } from "@/server/nul";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message, ...extra } },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

/** The route as its definition names it (`/api/v1/runs/:id`): one metric series per route, whatever the ids. */
export const routePattern = (path: string): string => path.replace(/\{([^}]+)\}/g, ":$1");

/** Where to follow a queued run: its record and its live events (plus any links of the route's own). */
export function runLinks<E extends Record<string, string>>(runId: string, extra?: E) {
  return { run: `/api/v1/runs/${runId}`, events: `/api/runs/${runId}/events`, ...(extra as E) };
}

/** The 401 of a request whose credentials did not authenticate. */
export function unauthorized(reason: "anonymous" | "bad-token"): Response {
  return apiError(
    401,
    "UNAUTHORIZED",
    reason === "bad-token"
      ? "The API token is wrong, revoked or expired"
      : "Sign in or send Authorization: Bearer <token>",
    {},
    { "www-authenticate": 'Bearer realm="fluxo"' },
  );
}

/** Parse a JSON body against a schema; bad JSON and bad fields are 400s naming what is wrong. */
export async function jsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    const text = await req.text();
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "BAD_REQUEST", "body: must be valid JSON");
  }
  const at = findNul(body);
  if (at)
    throw new ApiError(400, "BAD_REQUEST", nulMessage(at), {
      fields: [{ path: at.join("."), message: nulMessage(at) }],
    });
  return schema.parse(body);
}

/** Parse route params or query values against a schema (400 naming the field). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const at = findNul(value);
  if (at)
    throw new ApiError(400, "BAD_REQUEST", nulMessage(at), {
      fields: [{ path: at.join("."), message: nulMessage(at) }],
    });
  return schema.parse(value);
}

/** Per-account limit: throws a 429 ApiError with Retry-After. */
export async function limitPerUser(viewer: Viewer, name: string, l: Limit, what: string): Promise<void> {
  const r = await consume(`${name}:${viewer.id}`, l);
  if (!r.ok) {
    const s = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
    throw new ApiError(
      429,
      "RATE_LIMITED",
      `Too many ${what}: at most ${l.limit} per ${Math.round(l.windowMs / 1000)} s; try again in ${s} s`,
      { retryAfterMs: r.retryAfterMs },
      { "retry-after": String(s) },
    );
  }
}

/** Does an If-None-Match header name this entity tag (weak comparison, as RFC 9110 asks for GET)? */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  const want = bare(etag);
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === want);
}

/**
 * A JSON answer with an entity tag of its bytes: a client that sends the tag back in If-None-Match
 * gets 304 with no body while nothing changed. `private, no-cache`: stored by the caller only, and
 * always revalidated.
 */
export function jsonWithEtag(req: Request, value: unknown): Response {
  const body = JSON.stringify(value);
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = { etag, "cache-control": "private, no-cache", vary: "Authorization, Cookie" };
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "content-type": "application/json" } });
}
