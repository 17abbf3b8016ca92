/** The run endings a webhook can ask for (pure: the webhook forms' schemas import it in the browser). */
export const WEBHOOK_EVENTS = ["succeeded", "failed", "cancelled", "dead"] as const;
