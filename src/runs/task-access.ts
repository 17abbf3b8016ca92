/** Which tasks a person may start (submit, schedule, hook): every task, but a system task only for an admin. */
import type { Viewer } from "@/accounts/viewer";
import type { AnyTask } from "./define-task";

export const mayStart = (viewer: Pick<Viewer, "role">, task: AnyTask): boolean =>
  !task.system || viewer.role === "admin";

/**
 * The task called `name` if the viewer may start it; otherwise `refuse` is thrown with a message
 * listing the tasks they may start ("task must be one of …").
 */
export function startableTask(
  tasks: ReadonlyMap<string, AnyTask>,
  viewer: Pick<Viewer, "role">,
  name: string,
  refuse: (message: string) => Error,
): AnyTask {
  const t = tasks.get(name);
  if (t && mayStart(viewer, t)) return t;
  const names = [...tasks.values()].filter((x) => mayStart(viewer, x)).map((x) => x.name);
  throw refuse(`task must be one of ${names.join(", ")}`);
}
