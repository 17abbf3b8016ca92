/**
 * Runs side by side: 2–4 runs of one task the viewer may see, their inputs as a field-by-field diff,
 * the numbers of their results that matter (the task's own `compareMetrics`) with each run's delta
 * against the first, and whether their engine versions differ. The runs slice knows no task: what a
 * result's numbers are comes from the task catalog.
 */
import { scopeOf, type Viewer } from "@/accounts/viewer";
import { Refusal } from "@/domain/shared/errors";
import { diffFields } from "@/domain/shared/field-diff";
import { metricRows, type RunMetric } from "@/domain/shared/run-metrics";
import type { AnyTask } from "@/runs/define-task";
import { RunNotFoundError } from "@/runs/errors";
import type { TaskCatalog } from "@/runs/task-catalog";
import { findVisibleRuns, type CompareRunRow } from "./compare.repository";
import type { TCompareRunsInput } from "./compare.schemas";
import { toRunDto } from "./runs.service";

/** The runs asked for are not of one task (a 400 naming `ids`). */
export class MixedTasksError extends Refusal {
  readonly code = "BAD_REQUEST" as const;
  override readonly field = "ids";
  override name = "MixedTasksError";
  constructor(readonly tasks: string[]) {
    super(`ids must be runs of one task: ${tasks.join(", ")}`);
  }
}

/**
 * A run's numbers, as its task declares them: from its result (when it parses with the task's output),
 * else from the partial result it kept (a cancelled or timed-out run), else none.
 */
function metricsOf(task: AnyTask | undefined, r: CompareRunRow): RunMetric[] {
  try {
    if (r.result !== null && r.result !== undefined) {
      const parsed = task?.compareMetrics ? task.output.safeParse(r.result) : null;
      return parsed?.success ? task!.compareMetrics!(parsed.data) : [];
    }
    const partial = r.partial?.result;
    return partial !== null && partial !== undefined && task?.comparePartialMetrics
      ? task.comparePartialMetrics(partial)
      : [];
  } catch {
    return []; // a view of the result: an odd one compares without numbers rather than failing
  }
}

function toCompareRunDto(r: CompareRunRow) {
  const d = toRunDto(r);
  const p = r.partial;
  return {
    id: d.id,
    task: d.task,
    status: d.status,
    createdAt: d.createdAt,
    finishedAt: d.finishedAt,
    cachedFromId: d.cachedFromId,
    error: d.error ? { name: d.error.name, message: d.error.message } : null,
    input: d.input,
    result: d.result,
    partial: p
      ? {
          result: p.result ?? null,
          ...(p.done ? { done: { count: p.done.count, total: p.done.total, unit: p.done.unit } } : {}),
          at: p.at,
          final: p.final === true,
        }
      : null,
    provenance: d.provenance,
  };
}

export async function compareRuns(viewer: Viewer, tasks: TaskCatalog, input: TCompareRunsInput) {
  const rows = await findVisibleRuns(input.ids, scopeOf(viewer));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Someone else's run reads exactly as a missing one: the first id not found, in the order asked.
  const runs = input.ids.map((id) => {
    const r = byId.get(id);
    if (!r) throw new RunNotFoundError(id);
    return r;
  });
  const names = [...new Set(runs.map((r) => r.task))];
  if (names.length > 1) throw new MixedTasksError(names);
  const task = tasks.get(names[0]!);
  const metrics = runs.map((r) => metricsOf(task, r));
  const engines = new Set(runs.map((r) => r.engineVersion));
  return {
    task: names[0]!,
    runs: runs.map(toCompareRunDto),
    inputs: diffFields(runs.map((r) => r.input)).map((f) => ({
      path: f.path,
      values: f.values.map((v) => (v === undefined ? null : v)),
      changed: f.changed,
    })),
    outputs: metricRows(metrics),
    engineVersionsDiffer: engines.size > 1,
  };
}
export type RunComparisonDto = Awaited<ReturnType<typeof compareRuns>>;
