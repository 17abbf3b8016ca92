/**
 * The tasks a process knows, by name. Built once by the composition root (src/tasks/catalog.ts, or a
 * test's own list) and handed to whatever starts tasks by name: the worker (it serves them and gives
 * them to each attempt as `ctx.tasks`), the scheduler, workflows, webhooks and the API. Nothing here
 * is global: two catalogs in one process (a test's and the app's) do not see each other.
 */
import type { AnyTask } from "./define-task";

export type TaskCatalog = ReadonlyMap<string, AnyTask>;

/** A catalog of `list`; a name given twice is a programming error and throws. */
export function taskCatalog(list: readonly AnyTask[]): TaskCatalog {
  const m = new Map<string, AnyTask>();
  for (const t of list) {
    if (m.has(t.name) && m.get(t.name) !== t) throw new Error(`task ${t.name} is declared twice`);
    m.set(t.name, t);
  }
  return m;
}
