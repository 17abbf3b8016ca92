/**
 * Every task Fluxo has, composed from each slice's own list (as src/trpc/root.ts composes routers):
 * the one module above the features that knows them all. The worker serves this list; the web hands
 * the catalog to the tRPC context and the HTTP API, which pass it on to submissions, schedules,
 * webhooks and workflows. Nothing registers itself on import.
 */
import type { AnyTask } from "@/runs/define-task";
import { taskCatalog, type TaskCatalog } from "@/runs/task-catalog";
import { cleanupTask } from "@/runs/cleanup.task";
import { healthTask } from "@/runs/health.task";
import { deliverTask } from "@/runs/webhooks";
import { forecastTasks } from "@/features/forecast/forecast.task";
import { etoTasks } from "@/features/eto/eto.task";
import { analysisTasks } from "@/features/portfolio/analysis.task";
import { marketTasks } from "@/features/market/market.task";
import { reportsTasks } from "@/features/reports/reports.task";
import { alertsTasks } from "@/features/alerts/alerts.task";

export const taskList: readonly AnyTask[] = [
  ...(forecastTasks as readonly AnyTask[]),
  ...(etoTasks as readonly AnyTask[]),
  ...(analysisTasks as readonly AnyTask[]),
  ...(marketTasks as readonly AnyTask[]),
  ...(reportsTasks as readonly AnyTask[]),
  ...(alertsTasks as readonly AnyTask[]),
  cleanupTask as AnyTask,
  healthTask as AnyTask,
  deliverTask as AnyTask,
];

export const tasks: TaskCatalog = taskCatalog(taskList);
