/** Every task a worker can run (and a schedule or workflow may name), registered by name on import. */
import type { AnyTask } from "@/runs/define-task";
import { registerTasks } from "@/runs/registry";
import { cleanupTask } from "@/runs/cleanup.task";
import { healthTask } from "@/runs/health.task";
import { deliverTask } from "@/runs/webhooks";
import { forecastTasks } from "@/features/forecast/forecast.task";
import { etoTasks } from "@/features/eto/eto.task";
import { analysisTasks } from "@/features/portfolio/analysis.task";
import { marketTasks } from "@/features/market/market.task";
import { reportsTasks } from "@/features/reports/reports.task";

export const taskList: readonly AnyTask[] = [
  ...(forecastTasks as readonly AnyTask[]),
  ...(etoTasks as readonly AnyTask[]),
  ...(analysisTasks as readonly AnyTask[]),
  ...(marketTasks as readonly AnyTask[]),
  ...(reportsTasks as readonly AnyTask[]),
  cleanupTask as AnyTask,
  healthTask as AnyTask,
  deliverTask as AnyTask,
];
registerTasks(taskList);
