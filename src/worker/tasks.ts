/** Every task a worker can run (and a schedule may name). */
import type { AnyTask } from "@/runs/define-task";
import { cleanupTask } from "@/runs/cleanup.task";
import { forecastWhenTask } from "@/features/forecast/forecast.task";

export const taskList: readonly AnyTask[] = [forecastWhenTask as AnyTask, cleanupTask as AnyTask];
