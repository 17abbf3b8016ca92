/** For routers: an enqueue option enqueue() refused, as the BAD_REQUEST that names its field. */
import { TRPCError } from "@trpc/server";
import { EnqueueOptionError } from "@/runs/enqueue";
import { InputIssues } from "@/server/trpc";

/**
 * Throws the BAD_REQUEST naming the field (priority, delayMs, runAt…) for an EnqueueOptionError,
 * e.g. a runAt that was within 30 days when parsed but not when enqueued; returns for anything else.
 */
export function throwIfEnqueueOptionError(err: unknown): void {
  if (err instanceof EnqueueOptionError)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: err.message,
      cause: new InputIssues([{ path: [err.field], message: err.message }]),
    });
}
