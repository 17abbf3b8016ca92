/** What follows any run's end, wherever it ended: its workflow moves on, its owner's webhooks are told. */
import type { RunRow } from "./run.repository";
import type { TaskCatalog } from "./task-catalog";
import { advanceWorkflow } from "./workflow";
import { notifyWebhooks, onDeliveryEnded } from "./webhooks";

/** `tasks`: the catalog the next workflow steps are started from (the caller's: worker, API, tRPC). */
export function afterEnd(row: RunRow, tasks: TaskCatalog): void {
  if (row.parentId) void advanceWorkflow(row.parentId, tasks);
  notifyEnd(row);
}

/** The webhooks part alone: for an end whose workflow advances by itself (a step answered from cache). */
export function notifyEnd(row: RunRow): void {
  void notifyWebhooks(row);
  void onDeliveryEnded(row);
}
