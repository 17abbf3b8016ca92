/** Reading and cancelling runs, as the UI and the API see them (dates as ISO strings). */
import { cancelRun } from "@/runs/cancel";
import { redriveRun } from "@/runs/redrive";
import { RunNotFoundError } from "@/runs/errors";
import { findRun, listEvents, listRuns, type RunEventRow, type RunRow, type RunSummary } from "@/runs/run.repository";
import type { z } from "zod";
import type { ZListRunsInput } from "./runs.schemas";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRunSummaryDto(r: RunSummary) {
  return {
    id: r.id,
    task: r.task,
    queue: r.queue,
    status: r.status,
    progress: r.progress,
    stage: r.stage,
    message: r.message,
    etaAt: iso(r.etaAt),
    attempt: r.attempt,
    maxAttempts: r.maxAttempts,
    error: r.error ? { name: r.error.name, message: r.error.message, field: r.error.field } : null,
    cachedFromId: r.cachedFromId,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}
export type RunSummaryDto = ReturnType<typeof toRunSummaryDto>;

export function toRunDto(r: RunRow) {
  return {
    ...toRunSummaryDto(r),
    input: r.input,
    result: r.result,
    error: r.error,
    inputHash: r.inputHash,
    priority: r.priority,
    workerId: r.workerId,
    heartbeatAt: iso(r.heartbeatAt),
    eventSeq: r.eventSeq,
    parentId: r.parentId,
  };
}
export type RunDto = ReturnType<typeof toRunDto>;

export function toEventDto(e: RunEventRow) {
  return { seq: e.seq, type: e.type, payload: e.payload, at: e.at.toISOString() };
}
export type RunEventDto = ReturnType<typeof toEventDto>;

function encodeCursor(r: RunSummary): string {
  return Buffer.from(JSON.stringify([r.createdAt.toISOString(), r.id])).toString("base64url");
}
function decodeCursor(c: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(c, "base64url").toString()) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}

export async function listRunsPage(input: z.output<typeof ZListRunsInput>) {
  const rows = await listRuns({
    limit: input.limit + 1,
    cursor: input.cursor ? decodeCursor(input.cursor) : undefined,
    status: input.status,
    task: input.task,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(toRunSummaryDto),
    nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

export async function getRun(id: string): Promise<RunDto> {
  const r = await findRun(id);
  if (!r) throw new RunNotFoundError(id);
  return toRunDto(r);
}

export async function getRunEvents(id: string): Promise<RunEventDto[]> {
  const r = await findRun(id);
  if (!r) throw new RunNotFoundError(id);
  return (await listEvents(id)).map(toEventDto);
}

export async function requestCancel(id: string): Promise<RunSummaryDto> {
  return toRunSummaryDto(await cancelRun(id));
}

export async function requestRedrive(id: string): Promise<RunSummaryDto> {
  return toRunSummaryDto(await redriveRun(id));
}
