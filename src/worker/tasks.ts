/** Every task a worker can run. */
import type { AnyTask } from "@/runs/define-task";
import { forecastWhenTask } from "@/features/forecast/forecast.task";

export const taskList: readonly AnyTask[] = [forecastWhenTask as AnyTask];
