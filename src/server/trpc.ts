/**
 * tRPC infrastructure: context, procedures and error shape. Knows no feature.
 * Zod failures come back as `data.fields` — one message per field — so forms can show them
 * beside the field; nothing a user types produces a 500.
 */
import { initTRPC } from "@trpc/server";
import { ZodError } from "zod";

export interface TrpcContext {
  headers: Headers;
}

export function createTrpcContext(opts: { headers: Headers }): TrpcContext {
  return { headers: opts.headers };
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fields =
      cause instanceof ZodError
        ? cause.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }))
        : null;
    return { ...shape, data: { ...shape.data, stack: undefined, fields } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Until accounts land (issue 4), every procedure is public. */
export const publicProcedure = t.procedure;
