/**
 * Outgoing webhooks: when a run ends, each of its owner's matching webhooks gets one delivery,
 * sent by a `webhooks.deliver` run (so it is retried with backoff, dead-lettered, and visible like
 * any run). A delivery's own end never triggers webhooks (no loops).
 */
import { DAY_MS } from "@/domain/shared/dates";
import { z } from "zod";
import { env } from "@/env";
import { logger } from "@/server/logger";
import { checkOutbound, OutboundRefused } from "@/server/outbound";
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/server/signing";
import { defineTask } from "./define-task";
import { enqueue } from "./enqueue";
import { NonRetriableError } from "./errors";
import type { RunRow } from "./run.repository";
import { findRun } from "./run.repository";
import {
  createDelivery,
  findDelivery,
  markDeliveryFailedByRun,
  recordAttempt,
  setDeliveryRun,
  webhooksFor,
} from "./webhook.repository";

export { WEBHOOK_EVENTS } from "./webhook-events";
export const DELIVER_TASK = "webhooks.deliver";

/** The JSON a webhook receives. */
export function payload(
  event: string,
  run: Pick<RunRow, "id" | "task" | "status" | "result" | "error" | "attempt" | "createdAt" | "finishedAt">,
  deliveryId: string,
) {
  return {
    event: `run.${event}`,
    deliveryId,
    run: {
      id: run.id,
      task: run.task,
      status: run.status,
      attempt: run.attempt,
      result: run.status === "succeeded" ? run.result : null,
      error: run.error ? { name: run.error.name, message: run.error.message } : null,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
  };
}

export const deliverTask = defineTask({
  name: DELIVER_TASK,
  queue: "default",
  system: true,
  input: z.object({ deliveryId: z.uuid() }),
  /** The delivery and the receiver's 2xx status. */
  output: z.object({ deliveryId: z.string(), status: z.number() }),
  // 2 s, 8 s, 32 s, 2 min, 8 min (with jitter), then dead: the delivery shows "failed".
  retry: { attempts: 6, backoffMs: 2000, factor: 4, maxBackoffMs: 10 * 60_000, jitter: 0.3 },
  timeout: { softMs: 15_000 },
  resultTtlMs: 7 * DAY_MS,
  async handler(input, ctx) {
    const d = await findDelivery(input.deliveryId);
    if (!d) throw new NonRetriableError("the delivery no longer exists (webhook deleted)");
    const run = await findRun(d.runId);
    if (!run) throw new NonRetriableError("the run no longer exists");
    try {
      await checkOutbound(d.webhook.url, env().WEBHOOKS_ALLOW_PRIVATE);
    } catch (e) {
      await recordAttempt(d.id, { state: "failed", responseCode: null, error: (e as Error).message });
      throw new NonRetriableError((e as Error).message);
    }
    const body = JSON.stringify(payload(d.event, run, d.id));
    const ts = Date.now();
    let status: number | null = null;
    try {
      const res = await fetch(d.webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Fluxo-Webhooks/1",
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: sign(d.webhook.secret, ts, body),
          "x-fluxo-delivery": d.id,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(10_000)]),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
    } catch (e) {
      await recordAttempt(d.id, { state: "pending", responseCode: null, error: (e as Error).message.slice(0, 500) });
      throw new Error(`delivery to ${new URL(d.webhook.url).host} failed: ${(e as Error).message}`);
    }
    if (status >= 200 && status < 300) {
      await recordAttempt(d.id, { state: "delivered", responseCode: status, error: null });
      return { deliveryId: d.id, status };
    }
    const last = ctx.attempt >= 6;
    await recordAttempt(d.id, { state: last ? "failed" : "pending", responseCode: status, error: `HTTP ${status}` });
    throw new Error(`the receiver answered HTTP ${status}`);
  },
});

/** After a run ended: one delivery per matching webhook of its owner (never for deliveries themselves). */
export async function notifyWebhooks(row: RunRow): Promise<void> {
  if (!row.ownerId || row.task === DELIVER_TASK) return;
  try {
    for (const w of await webhooksFor(row.ownerId, row.task, row.status)) {
      const d = await createDelivery(w.id, row.id, row.status);
      if (!d) continue; // already told
      const r = await enqueue(deliverTask, { deliveryId: d.id }, { ownerId: w.ownerId });
      await setDeliveryRun(d.id, r.id);
    }
  } catch (err) {
    logger.warn({ err: (err as Error).message, runId: row.id }, "webhook deliveries not queued");
  }
}

/** A delivery run that ended without a 2xx shows `failed` on its delivery. */
export async function onDeliveryEnded(row: RunRow): Promise<void> {
  if (row.task !== DELIVER_TASK || row.status === "succeeded") return;
  await markDeliveryFailedByRun(row.id).catch(() => {});
}

export { OutboundRefused };
