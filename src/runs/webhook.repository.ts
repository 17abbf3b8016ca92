/** Webhooks (outgoing, with their deliveries) and incoming hooks: the only SQL about them. */
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";

export interface WebhookRow {
  id: string;
  ownerId: string;
  url: string;
  task: string | null;
  events: string[];
  secret: string;
  enabled: boolean;
  createdAt: Date;
}

const HOOK = {
  id: true,
  ownerId: true,
  url: true,
  task: true,
  events: true,
  secret: true,
  enabled: true,
  createdAt: true,
} as const;

export async function createWebhook(w: {
  ownerId: string;
  url: string;
  task: string | null;
  events: string[];
  secret: string;
}): Promise<WebhookRow> {
  return db().webhook.create({ data: { id: randomUUID(), ...w }, select: HOOK });
}
export async function listWebhooks(ownerId: string): Promise<WebhookRow[]> {
  return db().webhook.findMany({ where: { ownerId }, orderBy: { createdAt: "desc" }, select: HOOK, take: 100 });
}
export async function countWebhooks(ownerId: string): Promise<number> {
  return db().webhook.count({ where: { ownerId } });
}
export async function setWebhookEnabled(ownerId: string, id: string, enabled: boolean): Promise<boolean> {
  return (await db().webhook.updateMany({ where: { id, ownerId }, data: { enabled } })).count > 0;
}
export async function deleteWebhook(ownerId: string, id: string): Promise<boolean> {
  return (await db().webhook.deleteMany({ where: { id, ownerId } })).count > 0;
}

/** Enabled webhooks that want to hear that a run of `task` owned by `ownerId` ended `status`. */
export async function webhooksFor(ownerId: string, task: string, status: string): Promise<WebhookRow[]> {
  return db().webhook.findMany({
    where: { ownerId, enabled: true, events: { has: status }, OR: [{ task: null }, { task }] },
    select: HOOK,
    take: 50,
  });
}

/** Enabled webhooks of admins that subscribed to an alert event (alert.fired, alert.resolved). */
export async function adminWebhooksFor(event: string): Promise<WebhookRow[]> {
  return db().webhook.findMany({
    where: { enabled: true, events: { has: event }, owner: { role: "admin" } },
    select: HOOK,
    take: 50,
  });
}

/** What an alert delivery tells (the alert is in the delivery's run_id column: the subject it is about). */
export interface AlertForDelivery {
  id: string;
  ruleName: string;
  kind: string;
  subject: string;
  message: string;
  firedAt: Date;
  resolvedAt: Date | null;
}
export async function findAlertForDelivery(id: string): Promise<AlertForDelivery | null> {
  const rows = await db().$queryRaw<AlertForDelivery[]>`
    select a.id::text, r.name as "ruleName", r.kind, a.subject, a.message, a.fired_at as "firedAt", a.resolved_at as "resolvedAt"
    from alerts a join alert_rules r on r.id = a.rule_id where a.id = ${id}::uuid`;
  return rows[0] ?? null;
}

export interface DeliveryRow {
  id: string;
  webhookId: string;
  runId: string;
  event: string;
  state: string;
  attempts: number;
  responseCode: number | null;
  error: string | null;
  deliveryRunId: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * A delivery for (webhook, run, event), once: null when it exists already. For an alert event
 * `runId` holds the alert's id (the subject of the delivery), so each alert fires and resolves once
 * per webhook.
 */
export async function createDelivery(webhookId: string, runId: string, event: string): Promise<DeliveryRow | null> {
  try {
    return await db().webhookDelivery.create({ data: { id: randomUUID(), webhookId, runId, event } });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return null;
    throw e;
  }
}
export async function setDeliveryRun(id: string, deliveryRunId: string): Promise<void> {
  await db().webhookDelivery.update({ where: { id }, data: { deliveryRunId } });
}
export async function findDelivery(id: string): Promise<(DeliveryRow & { webhook: WebhookRow }) | null> {
  return db().webhookDelivery.findUnique({ where: { id }, include: { webhook: { select: HOOK } } });
}
export async function recordAttempt(
  id: string,
  o: { state: "pending" | "delivered" | "failed"; responseCode: number | null; error: string | null },
): Promise<void> {
  await db().webhookDelivery.update({
    where: { id },
    data: {
      attempts: { increment: 1 },
      state: o.state,
      responseCode: o.responseCode,
      error: o.error,
      ...(o.state === "delivered" ? { deliveredAt: new Date() } : {}),
    },
  });
}
/** The delivery a `webhooks.deliver` run was sending, failed (the run ended without a 2xx). */
export async function markDeliveryFailedByRun(deliveryRunId: string): Promise<void> {
  await db().webhookDelivery.updateMany({ where: { deliveryRunId, state: "pending" }, data: { state: "failed" } });
}
export async function listDeliveries(ownerId: string, webhookId: string, limit = 50): Promise<DeliveryRow[]> {
  return db().webhookDelivery.findMany({
    where: { webhookId, webhook: { ownerId } },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}

export interface IncomingHookRow {
  id: string;
  ownerId: string;
  name: string;
  task: string;
  secret: string;
  enabled: boolean;
  createdAt: Date;
}
const IN = { id: true, ownerId: true, name: true, task: true, secret: true, enabled: true, createdAt: true } as const;
export async function createIncomingHook(h: {
  ownerId: string;
  name: string;
  task: string;
  secret: string;
}): Promise<IncomingHookRow> {
  return db().incomingHook.create({ data: { id: randomUUID(), ...h }, select: IN });
}
export async function findIncomingHook(id: string): Promise<IncomingHookRow | null> {
  return db().incomingHook.findUnique({ where: { id }, select: IN });
}
export async function listIncomingHooks(ownerId: string): Promise<IncomingHookRow[]> {
  return db().incomingHook.findMany({ where: { ownerId }, orderBy: { createdAt: "desc" }, select: IN, take: 100 });
}
export async function deleteIncomingHook(ownerId: string, id: string): Promise<boolean> {
  return (await db().incomingHook.deleteMany({ where: { id, ownerId } })).count > 0;
}
