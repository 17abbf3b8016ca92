/** `system.health`: a worker answers at once — a probe that the queue, a worker and the result path work end to end. */
import os from "node:os";
import { z } from "zod";
import { defineTask } from "./define-task";

export const healthTask = defineTask({
  name: "system.health",
  queue: "default",
  input: z.object({}).strict(),
  output: z.object({ host: z.string(), pid: z.number(), at: z.string() }),
  retry: { attempts: 1 },
  timeout: { softMs: 5_000 },
  resultTtlMs: 3_600_000,
  handler: () => ({ host: os.hostname(), pid: process.pid, at: new Date().toISOString() }),
});
