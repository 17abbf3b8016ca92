/**
 * The tasks this process knows, by name: registered once at start (worker main, the web's router
 * root, tests). Workflows and schedules start tasks by name through it.
 */
import type { AnyTask } from "./define-task";

const g = globalThis as unknown as { __fluxoTasks?: Map<string, AnyTask> };

export function registerTasks(list: readonly AnyTask[]): void {
  g.__fluxoTasks ??= new Map();
  for (const t of list) g.__fluxoTasks.set(t.name, t);
}

export function taskRegistry(): ReadonlyMap<string, AnyTask> {
  return g.__fluxoTasks ?? new Map();
}
