/**
 * The web process's watchdog: `alerts.evaluate` is a run, so with no live worker it would never run
 * — and "fewer than N live workers" would never fire. Every minute the web process checks for a live
 * worker and, finding none, evaluates itself (the evaluation's lock and the one-open-alert index keep
 * this from ever firing an alert twice).
 */
import { env } from "@/env";
import { logger } from "@/server/logger";
import { evaluate, type EvaluationResult } from "./alerts.service";
import { liveWorkers } from "./observe.repository";

/** One check at `now`: null when a worker is live (the system schedule evaluates). */
export async function watchdogTick(now = new Date()): Promise<EvaluationResult | null> {
  if ((await liveWorkers(now, env().WORKER_DEAD_AFTER_MS)) > 0) return null;
  return evaluate(now);
}

/** Start the minute's check; returns its stop. */
export function startAlertWatchdog(everyMs = 60_000): () => void {
  const t = setInterval(() => {
    watchdogTick().catch((err: Error) => logger.warn({ err: err.message }, "alert watchdog: evaluation failed"));
  }, everyMs);
  t.unref();
  return () => clearInterval(t);
}
