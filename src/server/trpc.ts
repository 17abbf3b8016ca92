/**
 * tRPC infrastructure: context, procedures and error shape. Knows no feature.
 * Zod failures come back as `data.fields` — one message per field — so forms can show them
 * beside the field; nothing a user types produces a 500.
 *
 * Procedures: `protectedProcedure` (a signed-in account, by session cookie or bearer token; writes by
 * cookie need the CSRF token) and `adminProcedure`. There is no public procedure: sign-up and sign-in
 * are better-auth's routes.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { authenticate } from "@/accounts/resolve";
import { csrfProblem } from "@/accounts/csrf";
import { trustedOrigins } from "@/accounts/auth";
import type { Viewer } from "@/accounts/viewer";
import type { TaskCatalog } from "@/runs/task-catalog";
import { consume, type Limit } from "./rate-limit";
import { refusalOf } from "./refusals";
import { findNul, nulMessage } from "./nul";
import { serverSpan, tracingOn } from "./tracing";

export interface TrpcContext {
  headers: Headers;
  viewer: Viewer | null;
  /** Why there is no viewer: no credentials, or a token that is wrong, revoked or expired. */
  authProblem: "anonymous" | "bad-token" | null;
  /** Origins allowed to send cookie-authenticated writes. */
  origins: string[];
  /** The tasks procedures may start by name (submissions, schedules, webhooks, workflows). */
  tasks: TaskCatalog;
}

export async function createTrpcContext(opts: { req: Request; tasks: TaskCatalog }): Promise<TrpcContext> {
  const a = await authenticate(opts.req.headers);
  return {
    headers: opts.req.headers,
    viewer: a.ok ? a.viewer : null,
    authProblem: a.ok ? null : a.reason,
    origins: trustedOrigins(opts.req),
    tasks: opts.tasks,
  };
}

/**
 * The cause to give a BAD_REQUEST that names fields, when it is not tRPC's own input parser that
 * refuses (a ZodError is not an Error in zod 4, and tRPC would pass on a copy without its issues).
 */
export class InputIssues extends Error {
  constructor(readonly issues: { path: PropertyKey[]; message: string }[]) {
    super(issues[0]?.message ?? "invalid input");
  }
}

/** For `.catch(asBadRequest)`: a service's ZodError as the BAD_REQUEST naming fields; anything else as is. */
export function asBadRequest(err: unknown): never {
  throwIfZodError(err);
  throw err;
}

/**
 * A ZodError from a procedure's own parse (in a service, not tRPC's input parser) thrown as the
 * BAD_REQUEST that names fields: message from the first issue, the issues as `InputIssues` cause.
 * Anything else returns, for the caller's own translations.
 */
export function throwIfZodError(err: unknown): void {
  if (err instanceof ZodError)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: err.issues[0]?.message ?? "invalid input",
      cause: new InputIssues(err.issues),
    });
}

class RetryAfter extends Error {
  constructor(readonly retryAfterMs: number) {
    super("rate limited");
  }
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const issues = cause instanceof ZodError || cause instanceof InputIssues ? cause.issues : undefined;
    const fields = Array.isArray(issues)
      ? (issues as { path: PropertyKey[]; message: string }[]).map((i) => ({
          path: i.path.map(String).join("."),
          message: i.message,
        }))
      : null;
    const retryAfterMs = cause instanceof RetryAfter ? cause.retryAfterMs : undefined;
    return {
      ...shape,
      data: { ...shape.data, stack: undefined, fields, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    };
  },
});

export const createTRPCRouter = t.router;
/**
 * A refusal thrown by a procedure (a service's NotFound, Limit, Input… error) answered by its code:
 * NOT_FOUND, CONFLICT, or BAD_REQUEST naming the field — the one translation, for every router.
 */
const refusals = t.middleware(async ({ next }) => {
  const r = await next();
  if (!r.ok) {
    const ref = refusalOf(r.error.cause);
    if (ref)
      throw new TRPCError({
        code: ref.code,
        message: ref.message,
        cause: ref.field
          ? new InputIssues([{ path: [ref.field], message: ref.message }])
          : ref.retryAfterMs !== undefined
            ? new RetryAfter(ref.retryAfterMs)
            : r.error.cause,
      });
  }
  return r;
});

/** Input with a NUL character anywhere is refused before any procedure sees it (see ./nul.ts). */
const noNul = t.middleware(async ({ getRawInput, next }) => {
  const at = findNul(await getRawInput());
  if (at) {
    const message = nulMessage(at);
    throw new TRPCError({ code: "BAD_REQUEST", message, cause: new InputIssues([{ path: at, message }]) });
  }
  return next();
});

export const protectedProcedure = t.procedure
  .use(refusals)
  .use(noNul)
  .use(({ ctx, type, next }) => {
    if (!ctx.viewer) {
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: ctx.authProblem === "bad-token" ? "The API token is wrong, revoked or expired" : "Sign in first",
      });
    }
    if (type === "mutation") {
      const problem = csrfProblem(ctx.viewer, ctx.headers, ctx.origins);
      if (problem) throw new TRPCError({ code: "FORBIDDEN", message: `CSRF check failed: ${problem}` });
    }
    return next({ ctx: { ...ctx, viewer: ctx.viewer } });
  });

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.viewer.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin may do this" });
  return next();
});

/**
 * Per-account rate limit on a procedure (e.g. run submission); answers 429 with Retry-After. The
 * procedures it guards are the submissions: with tracing on, each is the SERVER span (`trpc <path>`)
 * its runs' traces start from (src/server/tracing.ts).
 */
export function perUserLimit(name: string, limit: () => Limit, what: string) {
  return t.middleware(async ({ ctx, path, next }) => {
    const id = ctx.viewer?.id ?? "anonymous";
    const r = await consume(`${name}:${id}`, limit());
    if (!r.ok) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many ${what}: at most ${limit().limit} per ${Math.round(limit().windowMs / 1000)} s; try again in ${Math.max(1, Math.ceil(r.retryAfterMs / 1000))} s`,
        cause: new RetryAfter(r.retryAfterMs),
      });
    }
    if (!tracingOn()) return next();
    return serverSpan(`trpc ${path}`, ctx.headers, { "rpc.system": "trpc", "rpc.method": path }, () => next());
  });
}
