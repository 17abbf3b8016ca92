/** Schedules as people see and edit them; the tick that fires them lives in src/runs/scheduler.ts. */
import { Refusal } from "@/domain/shared/errors";
import type { z } from "zod";
import { ZodError } from "zod";
import { nextFires, parseCron, ScheduleError, type MissedPolicy } from "@/domain/schedule";
import { enqueue } from "@/runs/enqueue";
import type { AnyTask } from "@/runs/define-task";
import {
  countSchedules,
  deleteSchedule,
  findSchedule,
  insertSchedule,
  listSchedules,
  noteScheduleRun,
  scheduleHistory,
  updateSchedule,
  type ScheduleRow,
} from "@/runs/schedule.repository";
import { scopeOf, type Viewer } from "@/accounts/viewer";
import { startableTask } from "@/runs/task-access";
import type { TaskCatalog } from "@/runs/task-catalog";
import { SCHEDULES_PER_ACCOUNT_MAX, type ZCreateSchedule, type ZUpdateSchedule } from "./schedules.schemas";

export class ScheduleNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  constructor(id: string) {
    super(`schedule ${id} not found`);
  }
}
export class ScheduleConflictError extends Refusal {
  readonly code = "CONFLICT" as const;
}

/** A refusal that names the field, shaped like a schema error (tRPC answers 400 with `fields`). */
function fieldError(path: (string | number)[], message: string): ZodError {
  return new ZodError([{ code: "custom", path, message, input: undefined }]);
}

const schedulableTask = (tasks: TaskCatalog, viewer: Viewer, name: string): AnyTask =>
  startableTask(tasks, viewer, name, (message) => fieldError(["task"], message));

function checkInput(task: AnyTask, input: unknown): unknown {
  let completed = input;
  try {
    completed = task.complete ? task.complete(input) : input;
  } catch (e) {
    if (e instanceof ZodError) throw new ZodError(e.issues.map((i) => ({ ...i, path: ["input", ...i.path] })));
    throw e;
  }
  const r = task.input.safeParse(completed);
  if (!r.success) throw new ZodError(r.error.issues.map((i) => ({ ...i, path: ["input", ...i.path] })));
  return r.data;
}

function toDto(s: ScheduleRow, tasks: TaskCatalog, now = new Date()) {
  let upcoming: string[] = [];
  let problem: string | null = null;
  try {
    upcoming = s.enabled ? nextFires(s.cron, s.timezone, now, 5).map((d) => d.toISOString()) : [];
  } catch (e) {
    problem = (e as Error).message;
  }
  return {
    id: s.id,
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    task: s.task,
    taskAvailable: tasks.has(s.task),
    input: s.input,
    enabled: s.enabled,
    missedPolicy: s.missedPolicy,
    maxBackfill: s.maxBackfill,
    system: s.system,
    nextRunAt: s.enabled && upcoming[0] ? upcoming[0] : null,
    upcoming,
    problem,
    lastSlotAt: s.lastSlotAt?.toISOString() ?? null,
    lastRunId: s.lastRunId,
    lastStatus: s.lastStatus,
    createdAt: s.createdAt.toISOString(),
  };
}
export type ScheduleDto = ReturnType<typeof toDto>;

/** `tasks` (here and below): the catalog a schedule's task is looked up in (the caller's). */
export async function list(viewer: Viewer, tasks: TaskCatalog): Promise<ScheduleDto[]> {
  return (await listSchedules(scopeOf(viewer))).map((s) => toDto(s, tasks));
}

async function visible(viewer: Viewer, id: string): Promise<ScheduleRow> {
  const s = await findSchedule(id, scopeOf(viewer));
  if (!s) throw new ScheduleNotFoundError(id);
  return s;
}

export async function get(viewer: Viewer, id: string, tasks: TaskCatalog) {
  const s = await visible(viewer, id);
  const history = await scheduleHistory(id);
  return {
    ...toDto(s, tasks),
    history: history.map((h) => ({
      id: h.id,
      status: h.status,
      slot: h.scheduleSlot?.toISOString() ?? null,
      createdAt: h.createdAt.toISOString(),
      finishedAt: h.finishedAt?.toISOString() ?? null,
    })),
  };
}

export function preview(cron: string, timezone: string, count: number, now = new Date()): string[] {
  return nextFires(cron, timezone, now, count).map((d) => d.toISOString());
}

export async function create(
  viewer: Viewer,
  input: z.output<typeof ZCreateSchedule>,
  tasks: TaskCatalog,
): Promise<ScheduleDto> {
  const task = schedulableTask(tasks, viewer, input.task);
  const parsedInput = checkInput(task, input.input);
  if ((await countSchedules(viewer.id)) >= SCHEDULES_PER_ACCOUNT_MAX)
    throw new ScheduleConflictError(
      `An account may hold at most ${SCHEDULES_PER_ACCOUNT_MAX} schedules: delete one first`,
    );
  const next = nextFires(input.cron, input.timezone, new Date(), 1)[0] ?? null;
  const row = await insertSchedule({
    ...input,
    input: parsedInput,
    ownerId: viewer.id,
    nextRunAt: input.enabled ? next : null,
  });
  return toDto(row, tasks);
}

export async function update(
  viewer: Viewer,
  input: z.output<typeof ZUpdateSchedule>,
  tasks: TaskCatalog,
): Promise<ScheduleDto> {
  const s = await visible(viewer, input.id);
  if (s.system && input.task !== undefined && input.task !== s.task)
    throw fieldError(["task"], "the task of a system schedule cannot change");
  const taskName = input.task ?? s.task;
  const cron = input.cron ?? s.cron;
  const timezone = input.timezone ?? s.timezone;
  try {
    parseCron(cron, timezone, new Date());
  } catch (e) {
    if (e instanceof ScheduleError) throw fieldError([e.field], e.message);
    throw e;
  }
  const enabled = input.enabled ?? s.enabled;
  let parsedInput: unknown;
  if (input.task !== undefined || input.input !== undefined || (enabled && !s.enabled)) {
    const task = tasks.get(taskName);
    if (!task && enabled)
      throw fieldError(["enabled"], `task ${taskName} is not available yet: this schedule cannot be enabled`);
    if (task) {
      if (input.task !== undefined) schedulableTask(tasks, viewer, taskName);
      parsedInput = checkInput(task, input.input ?? s.input);
    }
  }
  const timing = input.cron !== undefined || input.timezone !== undefined || (enabled && !s.enabled);
  const next = enabled ? (nextFires(cron, timezone, new Date(), 1)[0] ?? null) : null;
  const row = await updateSchedule(input.id, scopeOf(viewer), {
    name: input.name,
    cron: input.cron,
    timezone: input.timezone,
    task: input.task,
    input: parsedInput ?? input.input,
    enabled: input.enabled,
    missedPolicy: input.missedPolicy as MissedPolicy | undefined,
    maxBackfill: input.maxBackfill,
    nextRunAt: next,
    restartSlots: timing,
  });
  if (!row) throw new ScheduleNotFoundError(input.id);
  return toDto(row, tasks);
}

export async function remove(viewer: Viewer, id: string): Promise<void> {
  const s = await visible(viewer, id);
  if (s.system) throw new ScheduleConflictError("a system schedule cannot be deleted: disable it instead");
  if (!(await deleteSchedule(id, scopeOf(viewer)))) throw new ScheduleNotFoundError(id);
}

/** Start the schedule's task now, outside its slots (the run joins its history). */
export async function runNow(viewer: Viewer, id: string, tasks: TaskCatalog): Promise<{ runId: string }> {
  const s = await visible(viewer, id);
  const task = tasks.get(s.task);
  if (!task) throw new ScheduleConflictError(`task ${s.task} is not available yet`);
  const run = await enqueue(task, checkInput(task, s.input), { ownerId: s.ownerId ?? viewer.id, scheduleId: s.id });
  await noteScheduleRun(s.id, run.id, run.status);
  return { runId: run.id };
}
