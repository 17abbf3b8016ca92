/** Every task a worker can run (and a schedule or workflow may name), registered by name on import. */
import type { AnyTask } from "@/runs/define-task";
import { registerTasks } from "@/runs/registry";
import { cleanupTask } from "@/runs/cleanup.task";
import { healthTask } from "@/runs/health.task";
import { deliverTask } from "@/runs/webhooks";
import { forecastTasks } from "@/features/forecast/forecast.task";
import { etoTasks } from "@/features/eto/eto.task";

export const taskList: readonly AnyTask[] = [
  ...(forecastTasks as readonly AnyTask[]),
  ...(etoTasks as readonly AnyTask[]),
  cleanupTask as AnyTask,
  healthTask as AnyTask,
  deliverTask as AnyTask,
];
registerTasks(taskList);
