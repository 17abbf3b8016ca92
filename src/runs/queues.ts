/** The queues tasks are routed to (as the Celery systems Fluxo replaces did). */
export const QUEUES = ["default", "data_collection", "analysis", "reports"] as const;
export type QueueName = (typeof QUEUES)[number];

/** Concurrency of a queue when nobody has set it (also seeded by the queues migration). */
export const DEFAULT_QUEUE_CONCURRENCY: Record<QueueName, number> = {
  default: 8,
  data_collection: 4,
  analysis: 4,
  reports: 2,
};
export const MAX_QUEUE_CONCURRENCY = 1000;

export const isQueueName = (s: string): s is QueueName => (QUEUES as readonly string[]).includes(s);
