/** A person's webhooks: outgoing (run ended → signed POST) and incoming (signed POST → a run). */
import { Refusal } from "@/domain/shared/errors";
import { ZodError, type z } from "zod";
import { env } from "@/env";
import { checkOutbound, OutboundRefused } from "@/server/outbound";
import { newSecret } from "@/server/signing";
import {
  countWebhooks,
  createIncomingHook,
  createWebhook,
  deleteIncomingHook,
  deleteWebhook,
  listDeliveries,
  listIncomingHooks,
  listWebhooks,
  setWebhookEnabled,
} from "@/runs/webhook.repository";
import type { TaskCatalog } from "@/runs/task-catalog";
import { startableTask } from "@/runs/task-access";
import type { Viewer } from "@/accounts/viewer";
import { WEBHOOKS_PER_ACCOUNT_MAX, type ZCreateIncoming, type ZCreateWebhook } from "./webhooks.schemas";

export class WebhookNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
}
export class WebhookLimitError extends Refusal {
  readonly code = "CONFLICT" as const;
}

const field = (path: string, message: string) =>
  new ZodError([{ code: "custom", path: [path], message, input: undefined }]);

const runnableTask = (tasks: TaskCatalog, viewer: Viewer, name: string) =>
  startableTask(tasks, viewer, name, (message) => field("task", message));

const hookDto = (w: {
  id: string;
  url: string;
  task: string | null;
  events: string[];
  enabled: boolean;
  createdAt: Date;
}) => ({
  id: w.id,
  url: w.url,
  task: w.task,
  events: w.events,
  enabled: w.enabled,
  createdAt: w.createdAt.toISOString(),
});

export async function list(viewer: Viewer) {
  return (await listWebhooks(viewer.id)).map(hookDto);
}

/** The secret is in the answer once. */
export async function create(viewer: Viewer, input: z.output<typeof ZCreateWebhook>, tasks: TaskCatalog) {
  try {
    await checkOutbound(input.url, env().WEBHOOKS_ALLOW_PRIVATE);
  } catch (e) {
    if (e instanceof OutboundRefused)
      throw field("url", e.message.replace(/^url: /, "url: ").startsWith("url") ? e.message : `url: ${e.message}`);
    throw e;
  }
  if (input.task) runnableTask(tasks, viewer, input.task);
  const alertEvents = input.events.filter((e) => e.startsWith("alert."));
  if (alertEvents.length && viewer.role !== "admin")
    throw field("events", `events: only an admin may subscribe to ${alertEvents.join(", ")}`);
  if ((await countWebhooks(viewer.id)) >= WEBHOOKS_PER_ACCOUNT_MAX)
    throw new WebhookLimitError(`An account may hold at most ${WEBHOOKS_PER_ACCOUNT_MAX} webhooks`);
  const secret = newSecret();
  const w = await createWebhook({
    ownerId: viewer.id,
    url: input.url,
    task: input.task,
    events: [...new Set(input.events)],
    secret,
  });
  return { webhook: hookDto(w), secret };
}

export async function setEnabled(viewer: Viewer, id: string, enabled: boolean) {
  if (!(await setWebhookEnabled(viewer.id, id, enabled))) throw new WebhookNotFoundError(`webhook ${id} not found`);
}

export async function remove(viewer: Viewer, id: string) {
  if (!(await deleteWebhook(viewer.id, id))) throw new WebhookNotFoundError(`webhook ${id} not found`);
}

export async function deliveries(viewer: Viewer, id: string) {
  return (await listDeliveries(viewer.id, id)).map((d) => ({
    id: d.id,
    runId: d.runId,
    event: d.event,
    state: d.state,
    attempts: d.attempts,
    responseCode: d.responseCode,
    error: d.error,
    deliveryRunId: d.deliveryRunId,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  }));
}

export async function listIncoming(viewer: Viewer) {
  return (await listIncomingHooks(viewer.id)).map((h) => ({
    id: h.id,
    name: h.name,
    task: h.task,
    enabled: h.enabled,
    createdAt: h.createdAt.toISOString(),
    path: `/api/hooks/${h.id}`,
  }));
}

export async function createIncoming(viewer: Viewer, input: z.output<typeof ZCreateIncoming>, tasks: TaskCatalog) {
  runnableTask(tasks, viewer, input.task);
  const secret = newSecret();
  const h = await createIncomingHook({ ownerId: viewer.id, name: input.name, task: input.task, secret });
  return { id: h.id, path: `/api/hooks/${h.id}`, secret };
}

export async function removeIncoming(viewer: Viewer, id: string) {
  if (!(await deleteIncomingHook(viewer.id, id))) throw new WebhookNotFoundError(`incoming hook ${id} not found`);
}
