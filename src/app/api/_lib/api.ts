/**
 * The HTTP API's one wrapper: authenticate (bearer token or session cookie, as tRPC does), CSRF for
 * cookie-authenticated writes, body size limit, and errors as JSON with a status that never is a 500
 * for anything a caller sent: 400 naming the field, 401, 403, 404 (also for other people's runs),
 * 409, 413, 429 with Retry-After; 503 with Retry-After while PostgreSQL or Redis is out of reach.
 */
import { createHash } from "node:crypto";
import { ZodError, type z } from "zod";
import { authenticate } from "@/accounts/resolve";
import { csrfProblem } from "@/accounts/csrf";
import { trustedOrigins } from "@/accounts/auth";
import type { Viewer } from "@/accounts/viewer";
import { env } from "@/env";
import { withBodyLimit } from "@/server/body-limit";
import { consume, type Limit } from "@/server/rate-limit";
import { logger } from "@/server/logger";
import { findNul, nulMessage } from "@/server/nul";
import { timedRoute } from "@/server/metrics";
import { unavailableService } from "@/server/unavailable";
import { RunNotFoundError, RunNotRedrivableError } from "@/runs/errors";

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

export interface ApiContext {
  req: Request;
  viewer: Viewer;
}

/** Wrap a route handler: `fn` runs with an authenticated viewer and its errors become JSON. */
export function api<P>(fn: (ctx: ApiContext, params: P) => Promise<Response>) {
  return async (raw: Request, route: { params: Promise<P> }): Promise<Response> => {
    const params = ((await route.params) ?? {}) as Record<string, string>;
    return timedRoute(routePattern(new URL(raw.url).pathname, params), raw.method, () => handle(fn, raw, route));
  };
}

/** The route as its file names it (`/api/v1/runs/:id`): one metric series per route, whatever the ids. */
export function routePattern(pathname: string, params: Record<string, string>): string {
  const byValue = new Map(Object.entries(params).map(([k, v]) => [String(v), k]));
  const decode = (seg: string) => {
    try {
      return decodeURIComponent(seg);
    } catch {
      return seg; // malformed escapes: compared as sent
    }
  };
  return pathname
    .split("/")
    .map((seg) =>
      byValue.has(seg) || byValue.has(decode(seg)) ? `:${byValue.get(seg) ?? byValue.get(decode(seg))}` : seg,
    )
    .join("/");
}

async function handle<P>(
  fn: (ctx: ApiContext, params: P) => Promise<Response>,
  raw: Request,
  route: { params: Promise<P> },
): Promise<Response> {
  {
    try {
      const req = await withBodyLimit(raw, env().MAX_BODY_BYTES);
      if (req instanceof Response) return req;
      const a = await authenticate(req.headers);
      if (!a.ok) return unauthorized(a.reason);
      if (req.method !== "GET" && req.method !== "HEAD") {
        const problem = csrfProblem(a.viewer, req.headers, trustedOrigins(req));
        if (problem) return apiError(403, "CSRF", `CSRF check failed: ${problem}`);
      }
      return await fn({ req, viewer: a.viewer }, await route.params);
    } catch (err) {
      return toResponse(err);
    }
  }
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

export function toResponse(err: unknown): Response {
  if (err instanceof ApiError) return apiError(err.status, err.code, err.message, err.extra, err.headers);
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    const first = fields[0];
    return apiError(400, "BAD_REQUEST", first ? `${first.path || "body"}: ${first.message}` : "invalid input", {
      fields,
    });
  }
  if (err instanceof RunNotFoundError) return apiError(404, "NOT_FOUND", err.message);
  if (err instanceof RunNotRedrivableError) return apiError(409, "CONFLICT", err.message);
  const down = unavailableService(err);
  if (down) {
    logger.warn({ err: (err as Error).message }, `API: ${down} unavailable`);
    return apiError(
      503,
      "UNAVAILABLE",
      down === "database"
        ? "The database is unavailable (restarting or unreachable); try again in a few seconds"
        : "Redis is unavailable (restarting or unreachable); try again in a few seconds",
      {},
      { "retry-after": "2" },
    );
  }
  logger.error({ err }, "API error");
  return apiError(500, "INTERNAL", "Something went wrong on our side; it has been logged");
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
