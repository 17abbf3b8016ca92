import { z } from "zod";
import { ALERT_WEBHOOK_EVENTS, WEBHOOK_EVENTS } from "@/runs/webhook-events";

/** Run endings, and (admins only) alerts firing and resolving. */
const EVENTS = [...WEBHOOK_EVENTS, ...ALERT_WEBHOOK_EVENTS] as const;

export const WEBHOOKS_PER_ACCOUNT_MAX = 20;

export const ZCreateWebhook = z.object({
  url: z
    .string({ message: "url is required" })
    .trim()
    .max(2048, "url must be at most 2,048 characters")
    .pipe(z.url({ message: "url must be a valid http(s) URL" })),
  task: z.string().trim().min(1).max(128, "task must be at most 128 characters").nullable().default(null),
  events: z
    .array(z.enum(EVENTS, { message: `each event must be one of ${EVENTS.join(", ")}` }))
    .min(1, `events must name at least one of ${EVENTS.join(", ")}`)
    .max(EVENTS.length, `events must name at most ${EVENTS.length} events`)
    .default(["succeeded", "failed", "dead"]),
});
export const ZWebhookId = z.object({ id: z.uuid({ message: "id must be a webhook id (UUID)" }) });
export const ZSetEnabled = ZWebhookId.extend({ enabled: z.boolean({ message: "enabled must be true or false" }) });
export const ZCreateIncoming = z.object({
  name: z.string().trim().min(1, "name is required").max(100, "name must be at most 100 characters"),
  task: z.string().trim().min(1, "task is required").max(128, "task must be at most 128 characters"),
});
