import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/trpc/root";
import { createTrpcContext } from "@/server/trpc";
import type { TaskCatalog } from "@/runs/task-catalog";
import { withBodyLimit } from "@/server/body-limit";
import { env } from "@/env";
import { logger } from "@/server/logger";
import { timedRoute } from "@/server/metrics";

/** The tRPC endpoint (/api/trpc/*) as a web-standard handler: the edge answers it. */
export function trpcHandler(raw: Request, tasks: TaskCatalog): Promise<Response> {
  // One series per known procedure; batches and unknown names share one each (bounded label values).
  const path = new URL(raw.url).pathname.replace(/^\/api\/trpc\//, "");
  const label = path.includes(",") ? "batch" : path in appRouter._def.procedures ? path : "unknown";
  return timedRoute(`trpc:${label}`, raw.method, () => handle(raw, tasks));
}

async function handle(raw: Request, tasks: TaskCatalog): Promise<Response> {
  const req = await withBodyLimit(raw, env().MAX_BODY_BYTES);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTrpcContext({ req, tasks }),
    responseMeta: ({ errors }) => {
      const limited = errors.find((e) => e.code === "TOO_MANY_REQUESTS");
      const ms = limited
        ? (limited.cause as unknown as { retryAfterMs?: number } | undefined)?.retryAfterMs
        : undefined;
      return ms !== undefined
        ? { headers: new Headers({ "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) }) }
        : {};
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "tRPC error");
    },
  });
}
