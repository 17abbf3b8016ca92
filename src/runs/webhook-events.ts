/** The run endings a webhook can ask for (pure: the webhook forms' schemas import it in the browser). */
export const WEBHOOK_EVENTS = ["succeeded", "failed", "cancelled", "dead"] as const;
/** Alert events: only an admin's webhooks may subscribe to them (src/features/alerts). */
export const ALERT_WEBHOOK_EVENTS = ["alert.fired", "alert.resolved"] as const;
export type AlertWebhookEvent = (typeof ALERT_WEBHOOK_EVENTS)[number];
