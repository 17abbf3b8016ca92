/** Queues as the console shows and steers them: limits, pause/resume, what runs and waits. */
import { Refusal } from "@/domain/shared/errors";
import { listQueues, updateQueue } from "@/runs/queue.repository";
import type { z } from "zod";
import type { ZUpdateQueueInput } from "./console.schemas";

export function queues() {
  return listQueues();
}

export class QueueNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  constructor(name: string) {
    super(`queue ${name} not found`);
  }
}

export async function setQueue(input: z.output<typeof ZUpdateQueueInput>) {
  const q = await updateQueue(input.name, { concurrency: input.concurrency, paused: input.paused });
  if (!q) throw new QueueNotFoundError(input.name);
  return q;
}
