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
import type { AlertWebhookEvent } from "./webhook-events";
import {
  adminWebhooksFor,
  type AlertForDelivery,
  createDelivery,
  findAlertForDelivery,
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

/** The JSON an `alert.fired` / `alert.resolved` webhook receives. */
export function alertPayload(event: string, a: AlertForDelivery, deliveryId: string, consoleUrl: string) {
  return {
    event,
    deliveryId,
    alert: {
      id: a.id,
      rule: a.ruleName,
      kind: a.kind,
      subject: a.subject,
      message: a.message,
      firedAt: a.firedAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      url: consoleUrl,
    },
  };
}

/** The console's Alerts page, as a receiver links to it (FLUXO_URL, else this host's port). */
export function alertsConsoleUrl(): string {
  const e = env();
  return `${(e.FLUXO_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, "")}/console/alerts`;
}

/** The body of a delivery: a run's end, or an alert (null: what it tells about is gone). */
async function deliveryBody(d: { id: string; runId: string; event: string }): Promise<string | null> {
  if (d.event.startsWith("alert.")) {
    const a = await findAlertForDelivery(d.runId);
    return a ? JSON.stringify(alertPayload(d.event, a, d.id, alertsConsoleUrl())) : null;
  }
  const run = await findRun(d.runId);
  return run ? JSON.stringify(payload(d.event, run, d.id)) : null;
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
    const body = await deliveryBody(d);
    if (body === null)
      throw new NonRetriableError(`the ${d.event.startsWith("alert.") ? "alert" : "run"} no longer exists`);
    try {
      await checkOutbound(d.webhook.url, env().WEBHOOKS_ALLOW_PRIVATE);
    } catch (e) {
      await recordAttempt(d.id, { state: "failed", responseCode: null, error: (e as Error).message });
      throw new NonRetriableError((e as Error).message);
    }
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

/** An alert fired or resolved: one delivery per admin webhook subscribed to the event (once per alert and event). */
export async function notifyAlert(alertId: string, event: AlertWebhookEvent): Promise<number> {
  let queued = 0;
  try {
    for (const w of await adminWebhooksFor(event)) {
      const d = await createDelivery(w.id, alertId, event);
      if (!d) continue;
      const r = await enqueue(deliverTask, { deliveryId: d.id }, { ownerId: w.ownerId });
      await setDeliveryRun(d.id, r.id);
      queued++;
    }
  } catch (err) {
    logger.warn({ err: (err as Error).message, alertId, event }, "alert webhook deliveries not queued");
  }
  return queued;
}

/** A delivery run that ended without a 2xx shows `failed` on its delivery. */
export async function onDeliveryEnded(row: RunRow): Promise<void> {
  if (row.task !== DELIVER_TASK || row.status === "succeeded") return;
  await markDeliveryFailedByRun(row.id).catch(() => {});
}

export { OutboundRefused };
