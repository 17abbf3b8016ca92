/** What follows any run's end, wherever it ended: its workflow moves on, its owner's webhooks are told. */
import type { RunRow } from "./run.repository";
import { advanceWorkflow } from "./workflow";
import { notifyWebhooks, onDeliveryEnded } from "./webhooks";

export function afterEnd(row: RunRow): void {
  if (row.parentId) void advanceWorkflow(row.parentId);
  void notifyWebhooks(row);
  void onDeliveryEnded(row);
}
