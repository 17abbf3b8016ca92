/**
 * One HTTP API route, declared once: its method and path, the zod schemas of its path parameters,
 * query and body (which validate the request) and of each answer (which type the handler's replies
 * and are checked against real responses in the tests), and its handler. The edge mounts these;
 * /api/v1/openapi.json is generated from them (openapi.ts). Every route gets, in this order: the body
 * limit (counting streamed bytes), authentication (bearer token or session cookie) with CSRF for
 * cookie-authenticated writes, params → query → body validation (400 naming the field), the
 * per-account submission limit when it queues work, then its handler; any error is answered by the
 * one error model (errors.ts).
 */
import type { z } from "zod";
import { authenticate } from "@/accounts/resolve";
import { csrfProblem } from "@/accounts/csrf";
import { trustedOrigins } from "@/accounts/auth";
import type { Viewer } from "@/accounts/viewer";
import { env } from "@/env";
import { withBodyLimit } from "@/server/body-limit";
import { timedRoute } from "@/server/metrics";
import { serverSpan, SpanStatusCode, tracingOn } from "@/server/tracing";
import { submitLimit } from "@/runs/submit-limit";
import type { TaskCatalog } from "@/runs/task-catalog";
import { apiError, jsonBody, limitPerUser, parseWith, routePattern, unauthorized } from "./http";
import { toResponse } from "./errors";
import type { Jsonified } from "./json";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One documented answer: JSON with its schema, another media type, or no body (204/304). */
export type ResponseDoc =
  | { description: string; json: z.ZodType; headers?: Record<string, { description: string }> }
  | { description: string; media: Record<string, Record<string, unknown>> }
  | { description: string; empty: true };
export type Responses = { readonly [status: number]: ResponseDoc };

/** A documented request header (validated by the handler that reads it). */
export interface HeaderDoc {
  name: string;
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type JsonStatus<R> = { [S in keyof R]: R[S] extends { json: z.ZodType } ? S : never }[keyof R];
type SchemaOf<D> = D extends { json: infer Z extends z.ZodType } ? Z : never;
/** A value fits a status when, as JSON, it is what that status's schema describes. */
type Fits<V, D> = [Jsonified<V>] extends [z.output<SchemaOf<D>>] ? unknown : { expected: z.output<SchemaOf<D>> };

export interface RouteContext<P, Q, B, R, Public extends boolean> {
  req: Request;
  viewer: Public extends true ? Viewer | null : Viewer;
  params: P;
  query: Q;
  body: B;
  /** The raw path parameters, as matched. */
  path: Record<string, string>;
  /** The tasks this API may start by name (given by whoever mounts the routes: the edge). */
  tasks: TaskCatalog;
  /** A JSON answer with one of the route's documented JSON statuses, its value typed by that schema. */
  json<S extends JsonStatus<R> & number, V>(status: S, value: V & Fits<V, R[S]>, headers?: HeadersInit): Response;
}

export interface RouteDef<PS, QS, BS, R extends Responses, Public extends boolean> {
  method: Method;
  /** OpenAPI form: /api/v1/runs/{id}. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** No credentials needed (health, hooks — the signature is the credential —, the document itself). */
  public?: Public;
  params?: PS;
  query?: QS;
  body?: BS;
  /** The body may be left out (it is then `{}`). */
  bodyOptional?: boolean;
  headers?: HeaderDoc[];
  /** Counts against the per-account submission limit (RATE_LIMIT_SUBMIT_PER_MIN). */
  submits?: boolean;
  responses: R;
  /** Errors this route words its own way (before the error model sees them). */
  mapError?: (err: unknown) => unknown;
  handler: (ctx: RouteContext<Out<PS>, Out<QS>, Out<BS>, R, Public>) => Response | Promise<Response>;
}

/** A declared route, as the edge mounts it and the document describes it. */
export interface Route {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  public: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  bodyOptional: boolean;
  headers: HeaderDoc[];
  submits: boolean;
  responses: Responses;
  /** Answer one request (`path`: the matched path parameters). */
  handle(req: Request, path: Record<string, string>, tasks: TaskCatalog): Promise<Response>;
}

/** Watches every answer (the tests check each against its documented schema); none in production. */
export type ResponseObserver = (route: Route, res: Response) => void | Promise<void>;
let observer: ResponseObserver | null = null;
export function observeResponses(o: ResponseObserver | null): void {
  observer = o;
}

export function defineRoute<
  const R extends Responses,
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  Public extends boolean = false,
>(def: RouteDef<PS, QS, BS, R, Public>): Route {
  const route: Route = {
    method: def.method,
    path: def.path,
    summary: def.summary,
    description: def.description,
    tags: def.tags,
    public: def.public === true,
    params: def.params,
    query: def.query,
    body: def.body,
    bodyOptional: def.bodyOptional === true,
    headers: def.headers ?? [],
    submits: def.submits === true,
    responses: def.responses,
    handle: (req, path, tasks) =>
      timedRoute(routePattern(def.path), req.method, async () => {
        // A submission is the SERVER span its runs' traces start from (tracing on: src/server/tracing.ts).
        const res =
          def.submits && tracingOn()
            ? await serverSpan(
                `${def.method} ${def.path}`,
                req.headers,
                { "http.request.method": def.method, "http.route": def.path },
                async (span) => {
                  const r = await answer(def, req, path, tasks);
                  span.setAttribute("http.response.status_code", r.status);
                  if (r.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
                  return r;
                },
              )
            : await answer(def, req, path, tasks);
        if (observer) await observer(route, res);
        return res;
      }),
  };
  return route;
}

function json(status: number, value: unknown, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  if (!h.has("cache-control")) h.set("cache-control", "no-store");
  return Response.json(value, { status, headers: h });
}

async function answer<PS, QS, BS, R extends Responses, Public extends boolean>(
  def: RouteDef<PS, QS, BS, R, Public>,
  raw: Request,
  path: Record<string, string>,
  tasks: TaskCatalog,
): Promise<Response> {
  try {
    const req = await withBodyLimit(raw, env().MAX_BODY_BYTES);
    if (req instanceof Response) return req;
    let viewer: Viewer | null = null;
    if (!def.public) {
      const a = await authenticate(req.headers);
      if (!a.ok) return unauthorized(a.reason);
      viewer = a.viewer;
      if (req.method !== "GET" && req.method !== "HEAD") {
        const problem = csrfProblem(a.viewer, req.headers, trustedOrigins(req));
        if (problem) return apiError(403, "CSRF", `CSRF check failed: ${problem}`);
      }
    }
    const params = def.params ? parseWith(def.params as unknown as z.ZodType, path) : undefined;
    const query = def.query
      ? parseWith(def.query as unknown as z.ZodType, Object.fromEntries(new URL(req.url).searchParams))
      : undefined;
    const body = def.body ? await jsonBody(req, def.body as unknown as z.ZodType) : undefined;
    if (def.submits && viewer) await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
    return await def.handler({
      req,
      viewer: viewer as RouteContext<Out<PS>, Out<QS>, Out<BS>, R, Public>["viewer"],
      params: params as Out<PS>,
      query: query as Out<QS>,
      body: body as Out<BS>,
      path,
      tasks,
      json: json as RouteContext<Out<PS>, Out<QS>, Out<BS>, R, Public>["json"],
    });
  } catch (err) {
    return toResponse(def.mapError ? def.mapError(err) : err);
  }
}
