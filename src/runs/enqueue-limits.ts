/**
 * Bounds of the enqueue options: the server checks a run against them (./enqueue.ts), and the API,
 * CLI and forms name them in their messages. Client-safe (no server code), so the CLI bundle checks
 * its flags with the very same numbers.
 */
import { DAY_MS } from "@/domain/shared/dates";

export const ENQUEUE_LIMITS = {
  /** Priority: higher starts first among runs waiting in one queue; 0 by default. */
  priority: { min: -1000, max: 1000 },
  /** Longest delay of a run (delayMs, or runAt from now): 30 days. */
  maxDelayMs: 30 * DAY_MS,
  idempotencyKeyMaxLength: 200,
  concurrencyKeyMaxLength: 200,
  concurrencyLimit: { min: 1, max: 1000 },
  /** Most runs in one enqueueMany call of the API / CLI. */
  batch: 1000,
} as const;
