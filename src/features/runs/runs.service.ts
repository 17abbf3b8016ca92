/** Reading and cancelling runs, as the UI and the API see them (dates as ISO strings). */
import { cancelRun } from "@/runs/cancel";
import type { TaskCatalog } from "@/runs/task-catalog";
import { redriveRun } from "@/runs/redrive";
import { RunNotFoundError } from "@/runs/errors";
import { findVisibleRun, type RunEventRow, type RunRow, type RunSummary } from "@/runs/run.repository";
import { listEvents } from "@/runs/run-events.repository";
import type { PartialRecord } from "@/runs/run-partial.repository";
import { deleteFinishedRuns, findRunIds, listRuns } from "@/runs/run-query.repository";
import { ownScope, scopeOf, type Viewer } from "@/accounts/viewer";
import type { z } from "zod";
import type { ZListRunsInput, ZRunFilter } from "./runs.schemas";
import { RunNotRedrivableError } from "@/runs/errors";
import type { RunStatus } from "@/runs/status";
import { traceIdOf } from "@/server/tracing";

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
    /** When the run may start (a `scheduled` run waits for it). */
    runAt: r.runAt.toISOString(),
    priority: r.priority,
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
    concurrencyKey: r.concurrencyKey,
    concurrencyLimit: r.concurrencyLimit,
    idempotencyKey: r.idempotencyKey,
    workerId: r.workerId,
    heartbeatAt: iso(r.heartbeatAt),
    eventSeq: r.eventSeq,
    parentId: r.parentId,
    /** The run's OpenTelemetry trace (null when tracing was off at its submit). */
    traceId: traceIdOf(r.traceparent),
    provenance: provenanceOf(r),
    /** What-if: the run this one was edited from ("Edit and rerun"); null when none, or it was deleted. */
    originRunId: r.originRunId,
  };
}

/**
 * What made the run's result: the code version and the task's engine version (null on runs made
 * before they were recorded), the seed of a seeded task's input, and the input hash.
 */
function provenanceOf(r: Pick<RunRow, "codeVersion" | "engineVersion" | "input" | "inputHash">) {
  const seed = (r.input as { seed?: unknown } | null)?.seed;
  return {
    codeVersion: r.codeVersion,
    engineVersion: r.engineVersion,
    seed: typeof seed === "number" && Number.isFinite(seed) ? seed : null,
    inputHash: r.inputHash,
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
    queue: input.queue,
    owner: input.all && viewer.role === "admin" ? input.owner : undefined,
    createdAfter: input.createdAfter ? new Date(input.createdAfter) : undefined,
    createdBefore: input.createdBefore ? new Date(input.createdBefore) : undefined,
    text: input.text,
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

export async function getRun(viewer: Viewer, id: string) {
  // The run and its latest partial result in one statement (the status API's hot path).
  const run = await findVisibleRun(id, scopeOf(viewer), { withPartial: true });
  if (!run) throw new RunNotFoundError(id);
  return { ...toRunDto(run), partial: toPartialDto(run.partial ?? null) };
}

/** The run's latest partial result (ctx.partial), kept when it ends without a result; null when none. */
function toPartialDto(p: PartialRecord | null) {
  if (!p) return null;
  return {
    result: p.result ?? null,
    ...(typeof p.precision === "number" ? { precision: p.precision } : {}),
    ...(p.done ? { done: { count: p.done.count, total: p.done.total, unit: p.done.unit } } : {}),
    at: p.at,
    final: p.final === true,
  };
}
export type RunPartialDto = NonNullable<ReturnType<typeof toPartialDto>>;

export async function getRunEvents(viewer: Viewer, id: string): Promise<RunEventDto[]> {
  await visible(viewer, id);
  return (await listEvents(id)).map(toEventDto);
}

export async function requestCancel(viewer: Viewer, id: string, tasks: TaskCatalog): Promise<RunSummaryDto> {
  await visible(viewer, id);
  return toRunSummaryDto({ ...(await cancelRun(id, tasks)), ownerEmail: null });
}

export async function requestRedrive(viewer: Viewer, id: string): Promise<RunSummaryDto> {
  await visible(viewer, id);
  return toRunSummaryDto({ ...(await redriveRun(id)), ownerEmail: null });
}

export interface BulkResult {
  matched: number;
  changed: number;
  /** Runs the action did not apply to (finished meanwhile, not redrivable…), by their status. */
  skipped: Partial<Record<RunStatus | "gone", number>>;
}

/** The runs (ids, oldest first) a bulk filter names, among those in `statuses`. */
async function matching(viewer: Viewer, f: z.output<typeof ZRunFilter>, statuses: RunStatus[]): Promise<string[]> {
  const wanted = f.status ? f.status.filter((s) => statuses.includes(s)) : statuses;
  if (!wanted.length) return [];
  return findRunIds(
    {
      scope: f.all ? scopeOf(viewer) : ownScope(viewer),
      status: wanted,
      task: f.task,
      queue: f.queue,
      createdBefore: f.createdBefore ? new Date(f.createdBefore) : undefined,
      createdAfter: f.createdAfter ? new Date(f.createdAfter) : undefined,
    },
    f.limit,
  );
}

async function bulk(
  viewer: Viewer,
  f: z.output<typeof ZRunFilter>,
  statuses: RunStatus[],
  act: (id: string) => Promise<boolean>,
): Promise<BulkResult> {
  const ids = await matching(viewer, f, statuses);
  const out: BulkResult = { matched: ids.length, changed: 0, skipped: {} };
  // One at a time: each is its own compare-and-set transition, and the database is not flooded.
  for (const id of ids) {
    if (await act(id)) out.changed++;
  }
  return out;
}

/** Cancel every matching run that is still queued, retrying or running. */
export function cancelMany(viewer: Viewer, f: z.output<typeof ZRunFilter>, tasks: TaskCatalog): Promise<BulkResult> {
  const result = { skipped: {} as BulkResult["skipped"] };
  return bulk(viewer, f, ["queued", "scheduled", "retrying", "running"], async (id) => {
    const r = await cancelRun(id, tasks).catch(() => null);
    if (r && (r.status === "cancelled" || r.status === "cancelling")) return true;
    const k = r?.status ?? "gone";
    result.skipped[k] = (result.skipped[k] ?? 0) + 1;
    return false;
  }).then((b) => ({ ...b, skipped: result.skipped }));
}

/** Retry (redrive) every matching failed or dead run as a new attempt series. */
export function redriveMany(viewer: Viewer, f: z.output<typeof ZRunFilter>): Promise<BulkResult> {
  const result = { skipped: {} as BulkResult["skipped"] };
  return bulk(viewer, f, ["failed", "dead"], async (id) => {
    try {
      await redriveRun(id);
      return true;
    } catch (e) {
      const k = e instanceof RunNotRedrivableError ? ((e as { status?: RunStatus }).status ?? "gone") : "gone";
      result.skipped[k] = (result.skipped[k] ?? 0) + 1;
      return false;
    }
  }).then((b) => ({ ...b, skipped: result.skipped }));
}

/** Delete finished runs a filter matches (their events go with them); running ones are never deleted. */
export async function deleteMany(viewer: Viewer, f: z.output<typeof ZRunFilter>): Promise<BulkResult> {
  const ids = await matching(viewer, f, ["succeeded", "failed", "cancelled", "dead"]);
  const changed = await deleteFinishedRuns(ids);
  return { matched: ids.length, changed, skipped: ids.length > changed ? { gone: ids.length - changed } : {} };
}
