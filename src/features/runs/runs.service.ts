/** Reading and cancelling runs, as the UI and the API see them (dates as ISO strings). */
import { cancelRun } from "@/runs/cancel";
import { redriveRun } from "@/runs/redrive";
import { RunNotFoundError } from "@/runs/errors";
import { findVisibleRun, listEvents, listRuns, type RunEventRow, type RunRow, type RunSummary } from "@/runs/run.repository";
import { ownScope, scopeOf, type Viewer } from "@/accounts/viewer";
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
    ownerEmail: r.ownerEmail ?? null,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}
export type RunSummaryDto = ReturnType<typeof toRunSummaryDto>;

export function toRunDto(r: RunRow & { ownerEmail?: string | null }) {
  return {
    ...toRunSummaryDto({ ...r, ownerEmail: r.ownerEmail ?? null }),
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

export async function listRunsPage(viewer: Viewer, input: z.output<typeof ZListRunsInput>) {
  const rows = await listRuns({
    scope: input.all ? scopeOf(viewer) : ownScope(viewer),
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

/** The run if the viewer may see it (their own; any for an admin). Not theirs → not found, so ids leak nothing. */
async function visible(viewer: Viewer, id: string): Promise<RunRow> {
  const r = await findVisibleRun(id, scopeOf(viewer));
  if (!r) throw new RunNotFoundError(id);
  return r;
}

export async function getRun(viewer: Viewer, id: string): Promise<RunDto> {
  return toRunDto(await visible(viewer, id));
}

export async function getRunEvents(viewer: Viewer, id: string): Promise<RunEventDto[]> {
  await visible(viewer, id);
  return (await listEvents(id)).map(toEventDto);
}

export async function requestCancel(viewer: Viewer, id: string): Promise<RunSummaryDto> {
  await visible(viewer, id);
  return toRunSummaryDto({ ...(await cancelRun(id)), ownerEmail: null });
}

export async function requestRedrive(viewer: Viewer, id: string): Promise<RunSummaryDto> {
  await visible(viewer, id);
  return toRunSummaryDto({ ...(await redriveRun(id)), ownerEmail: null });
}
