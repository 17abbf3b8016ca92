/**
 * The only way work enters Fluxo: a Run row and its Graphile job, in one statement — one run
 * (`enqueue`, batched with whatever else this process enqueues at the same moment) or many
 * (`enqueueMany`, one statement for all of them: groups, chords, batch tasks, the batch API).
 */
import { DAY_MS } from "@/domain/shared/dates";
import { Refusal } from "@/domain/shared/errors";
import { createHash, randomUUID } from "node:crypto";
import { cache } from "@/server/cache";
import { logger } from "@/server/logger";
import { findMemoResult, findRun, insertCachedRun, type NewRun, type RunRow } from "./run.repository";
import { GRAPHILE_MAX_ATTEMPTS } from "./run-batch.repository";
import { findByIdempotencyKey, findByIdempotencyKeys } from "./run-insert.repository";
import { insertRun, insertRunsNow } from "./writer";
import { publishRunMessage, statusMessage } from "./events";
import { countTransition } from "./minute-stats";
import { MAX_TIMEOUT_MS, memoKeyOf, type AnyTask } from "./define-task";
import { ENQUEUE_LIMITS } from "./enqueue-limits";
import { checkAdmission } from "./admission";
import { canonicalJson } from "@/server/canonical-json";
import { env } from "@/env";
import { tracingOn } from "@/server/tracing";
import { tracedEnqueue } from "./run-tracing";
import { EnqueueItemError, IdempotencyConflictError, StepTakenError } from "./enqueue-errors";

export { canonicalJson, ENQUEUE_LIMITS, GRAPHILE_MAX_ATTEMPTS };
export { EnqueueItemError, IdempotencyConflictError, StepTakenError } from "./enqueue-errors";

export interface EnqueueOptions {
  ownerId?: string | null;
  /** Higher starts first among the runs waiting in the same queue (-1000..1000, default 0). */
  priority?: number;
  /** Start no earlier than this (the run is `scheduled` until then). */
  runAt?: Date;
  /** Start no earlier than this many milliseconds from now (instead of runAt). */
  delayMs?: number;
  /**
   * Per owner and task: a second enqueue with the same key within IDEMPOTENCY_TTL_HOURS returns the
   * first run (never a second one, also when both arrive at once); with a different input it throws
   * IdempotencyConflictError.
   */
  idempotencyKey?: string;
  /**
   * What the idempotency key compares: a hash of the submission as the caller sent it (`inputHash(task,
   * input)` before a task's `complete` hook, which may draw a seed). Default: the run's own input hash.
   */
  requestHash?: string;
  /** At most `concurrencyLimit` (default 1) runs sharing this key run at once, across every worker. */
  concurrencyKey?: string;
  concurrencyLimit?: number;
  parentId?: string | null;
  rootId?: string | null;
  timeoutMs?: number;
  /** Memoised tasks: the key identical inputs share (default: the input hash). */
  memoKey?: string;
  /** Memoised tasks: compute again even when an identical run's result is at hand. */
  fresh?: boolean;
  /** A run started by hand from a schedule ("run now"): part of its history, with no slot. */
  scheduleId?: string;
  /** A workflow child's place in its parent (unique per parent). */
  step?: number;
  /** What-if: the run this one was edited from, already checked as visible to the submitter (./origin.ts). */
  originRunId?: string;
}

/** An enqueue option out of bounds; `field` names it (priority, delayMs, runAt, idempotencyKey, …). */
export class EnqueueOptionError extends Refusal {
  override name = "EnqueueOptionError";
  readonly code = "BAD_REQUEST" as const;
  constructor(
    override readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

/** The run of one schedule slot, or null when that slot already has its run. */
export async function enqueueScheduled<I>(
  task: AnyTask<I>,
  input: I,
  o: { ownerId: string | null; scheduleId: string; slot: Date },
): Promise<RunRow | null> {
  const parsed = task.input.parse(input);
  const insert = (traceparent: string | null) =>
    insertRun({
      ...newRun(task, parsed, { ownerId: o.ownerId }),
      scheduleId: o.scheduleId,
      scheduleSlot: o.slot,
      traceparent,
    });
  const row = tracingOn() ? await tracedEnqueue(task, insert, (r) => (r ? [r.id] : [])) : await insert(null);
  if (row) void publishRunMessage(statusMessage(row, "scheduled"));
  return row;
}

/** Transient data (the data_collection queue) is kept 1 h unless its task says otherwise; the rest RUN_RETENTION_DAYS. */
export function retentionMs(task: AnyTask): number {
  return task.resultTtlMs ?? (task.queue === "data_collection" ? 3_600_000 : env().RUN_RETENTION_DAYS * DAY_MS);
}

const isInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);
const hasControl = (v: string) => [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
/** Half of a UTF-16 surrogate pair on its own: no character at all (PostgreSQL refuses it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Check the options' bounds; throws EnqueueOptionError naming the field. */
export function checkEnqueueOptions(o: EnqueueOptions, now = Date.now()): void {
  const L = ENQUEUE_LIMITS;
  if (o.timeoutMs !== undefined && !(isInt(o.timeoutMs) && o.timeoutMs >= 1000 && o.timeoutMs <= MAX_TIMEOUT_MS))
    throw new EnqueueOptionError(
      "timeoutMs",
      `must be a whole number of milliseconds within 1,000..${MAX_TIMEOUT_MS.toLocaleString("en")}`,
    );
  if (o.priority !== undefined && !(isInt(o.priority) && o.priority >= L.priority.min && o.priority <= L.priority.max))
    throw new EnqueueOptionError("priority", `must be a whole number within ${L.priority.min}..${L.priority.max}`);
  if (o.delayMs !== undefined && !(isInt(o.delayMs) && o.delayMs >= 0 && o.delayMs <= L.maxDelayMs))
    throw new EnqueueOptionError(
      "delayMs",
      `must be a whole number of milliseconds within 0..${L.maxDelayMs.toLocaleString("en")} (30 days)`,
    );
  if (o.runAt !== undefined) {
    if (!(o.runAt instanceof Date) || Number.isNaN(o.runAt.getTime()))
      throw new EnqueueOptionError("runAt", "must be a date and time (ISO 8601)");
    if (o.runAt.getTime() > now + L.maxDelayMs)
      throw new EnqueueOptionError("runAt", "must be within 30 days from now");
    if (o.delayMs !== undefined)
      throw new EnqueueOptionError("runAt", "cannot be given with delayMs (give one of them)");
  }
  const key = (field: string, v: string | undefined, max: number) => {
    if (v === undefined) return;
    if (typeof v !== "string" || v.length < 1 || v.length > max || hasControl(v) || LONE_SURROGATE.test(v))
      throw new EnqueueOptionError(field, `must be 1..${max} characters, without control characters`);
  };
  key("idempotencyKey", o.idempotencyKey, L.idempotencyKeyMaxLength);
  key("concurrencyKey", o.concurrencyKey, L.concurrencyKeyMaxLength);
  if (o.concurrencyLimit !== undefined) {
    if (!(
      isInt(o.concurrencyLimit) &&
      o.concurrencyLimit >= L.concurrencyLimit.min &&
      o.concurrencyLimit <= L.concurrencyLimit.max
    ))
      throw new EnqueueOptionError(
        "concurrencyLimit",
        `must be a whole number within ${L.concurrencyLimit.min}..${L.concurrencyLimit.max}`,
      );
    if (o.concurrencyKey === undefined) throw new EnqueueOptionError("concurrencyLimit", "needs a concurrencyKey");
  }
}

function newRun(task: AnyTask, parsed: unknown, opts: EnqueueOptions, memoKey: string | null = null): NewRun {
  const now = Date.now();
  const runAt = opts.delayMs !== undefined ? new Date(now + opts.delayMs) : opts.runAt;
  const later = runAt !== undefined && runAt.getTime() > now;
  return {
    id: randomUUID(),
    task: task.name,
    queue: task.queue,
    input: parsed,
    inputHash: inputHash(task.name, parsed),
    maxAttempts: task.retry.attempts,
    priority: opts.priority ?? 0,
    runAt: later ? runAt : undefined,
    status: later ? "scheduled" : "queued",
    timeoutMs: opts.timeoutMs ?? task.timeout?.softMs ?? null,
    ownerId: opts.ownerId ?? null,
    parentId: opts.parentId ?? null,
    rootId: opts.rootId ?? opts.parentId ?? null,
    expiresAt: new Date(now + retentionMs(task)),
    memoKey,
    engineVersion: task.engineVersion ?? null, // and this process's code version (run-insert.repository)
    scheduleId: opts.scheduleId ?? null,
    step: opts.step ?? null,
    originRunId: opts.originRunId ?? null,
    concurrencyKey: opts.concurrencyKey ?? null,
    concurrencyLimit: opts.concurrencyKey ? (opts.concurrencyLimit ?? 1) : null,
    idempotency: opts.idempotencyKey
      ? {
          key: opts.idempotencyKey,
          ttlMs: env().IDEMPOTENCY_TTL_HOURS * 3_600_000,
          hash: opts.requestHash ?? inputHash(task.name, parsed),
        }
      : null,
  };
}

/** Cache namespaces are lower case: camelCase task names are written kebab-case (forecast.howMany → forecast.how-many). */
export const memoNamespace = (task: string) => `run-results:${task.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export interface MemoEntry {
  runId: string;
  result: unknown;
}

/** Remember a memoised task's result for identical inputs (best effort: never fails the run). */
export async function rememberResult(task: AnyTask, memoKey: string, entry: MemoEntry): Promise<void> {
  if (!task.memoize) return;
  await cache()
    .set(memoNamespace(task.name), memoKey, entry, { ttlMs: task.memoize.ttlMs })
    .catch((err: Error) => logger.warn({ err: err.message, task: task.name }, "result not memoised"));
}

/** An earlier identical run's result: the cache first, then the database (which fills the cache). */
async function recall(task: AnyTask, memoKey: string): Promise<MemoEntry | undefined> {
  const ttlMs = task.memoize!.ttlMs;
  return cache().getOrCompute(memoNamespace(task.name), memoKey, { ttlMs }, () =>
    findMemoResult(task.name, memoKey, new Date(Date.now() - ttlMs)),
  );
}

export function inputHash(task: string, input: unknown): string {
  return createHash("sha256").update(task).update("\0").update(canonicalJson(input)).digest("hex");
}

/** A run handed back for an idempotency key that already named it: nothing new was queued. */
export type EnqueuedRun = RunRow & { replayed?: true };

/** The run an idempotency key names now, if it was made from the same submission (else IdempotencyConflictError). */
async function replayOf(base: NewRun, k: { runId: string; inputHash: string } | null): Promise<EnqueuedRun | null> {
  if (!k) return null;
  if (k.inputHash !== base.idempotency!.hash) throw new IdempotencyConflictError(base.idempotency!.key, k.runId);
  const row = await findRun(k.runId);
  return row ? { ...row, replayed: true } : null;
}

async function existingFor(base: NewRun): Promise<EnqueuedRun | null> {
  return replayOf(base, await findByIdempotencyKey(base.ownerId ?? null, base.task, base.idempotency!.key));
}

/**
 * Validate `input` against the task's schema, then create the run and its job atomically (in a
 * `run.enqueue` span whose context the run carries, when tracing is on: ./run-tracing.ts).
 */
export function enqueue<I>(task: AnyTask<I>, input: I, opts: EnqueueOptions = {}): Promise<EnqueuedRun> {
  if (!tracingOn()) return enqueueOne(task, input, opts, null);
  return tracedEnqueue(
    task,
    (tp) => enqueueOne(task, input, opts, tp),
    (r) => [r.id],
  );
}

async function enqueueOne<I>(
  task: AnyTask<I>,
  input: I,
  opts: EnqueueOptions,
  traceparent: string | null,
): Promise<EnqueuedRun> {
  checkEnqueueOptions(opts);
  if (!opts.parentId) await checkAdmission(task.queue, opts.priority); // a low-priority run may be shed (503)
  const parsed = task.input.parse(input);
  const memoKey = task.memoize ? memoKeyOf(task, opts.memoKey ?? inputHash(task.name, parsed)) : null;
  const base = newRun(task, parsed, opts, memoKey);
  base.traceparent = traceparent;
  // An idempotent submission is never answered from the memo cache: its key must name a run of its own.
  const memo =
    memoKey && !opts.fresh && !opts.idempotencyKey && base.status === "queued"
      ? await recall(task, memoKey)
      : undefined;
  let row: EnqueuedRun | null = memo ? await insertCachedRun(base, memo) : null;
  if (memo && !row) await cache().delete(memoNamespace(task.name), memoKey!); // its run is gone
  // A result from cache is an end too: webhooks are told. A step of a workflow answered so is seen by
  // the workflow's own advance, which started it and looks again (runs/workflow.ts).
  if (row) void import("./after-end").then((m) => m.notifyEnd(row!)); // (imported late: after-end imports us)
  if (row) countTransition("succeeded", row); // the console's per-minute series
  if (!row && base.idempotency) {
    const existing = await existingFor(base);
    if (existing) return existing;
  }
  row ??= await insertRun(base);
  if (!row && base.idempotency) {
    // Another submit with the key got there first (or the key just expired: try once more).
    row = (await existingFor(base)) ?? (await insertRun(base));
    if (row && row.id !== base.id) return row;
  }
  if (!row) throw new StepTakenError(base.parentId ?? "?", base.step ?? -1); // only a workflow step can conflict here
  void publishRunMessage(statusMessage(row));
  return row;
}

export interface EnqueueItem<I = unknown> {
  task: AnyTask<I>;
  input: I;
  opts?: EnqueueOptions;
}

/**
 * Many runs in ONE statement (runs, first events, Graphile jobs via add_jobs): every item is checked
 * first, and the first bad one throws EnqueueItemError naming its index — then nothing is written.
 * Not memoised (each item gets a run of its own). An item whose idempotency key already names a run
 * gets that run back (or EnqueueItemError with IdempotencyConflictError). A workflow step already
 * taken comes back as null.
 */
export function enqueueMany(items: readonly EnqueueItem[]): Promise<(EnqueuedRun | null)[]> {
  if (!tracingOn() || items.length === 0) return enqueueItems(items, null);
  const first = items[0]!.task;
  return tracedEnqueue(
    { name: first.name, queue: first.queue, count: items.length },
    (tp) => enqueueItems(items, tp),
    (rows) => rows.flatMap((r) => (r ? [r.id] : [])),
  );
}

async function enqueueItems(
  items: readonly EnqueueItem[],
  traceparent: string | null,
): Promise<(EnqueuedRun | null)[]> {
  const now = Date.now();
  const bases = items.map((it, index) => {
    try {
      const opts = it.opts ?? {};
      checkEnqueueOptions(opts, now);
      const b = newRun(it.task, it.task.input.parse(it.input), opts);
      b.traceparent = traceparent;
      return b;
    } catch (e) {
      throw new EnqueueItemError(index, e);
    }
  });
  for (const it of items) if (!it.opts?.parentId) await checkAdmission(it.task.queue, it.opts?.priority);
  const keys = new Set<string>();
  bases.forEach((b, index) => {
    if (!b.idempotency) return;
    const k = `${b.ownerId ?? ""}\u0000${b.task}\u0000${b.idempotency.key}`;
    if (keys.has(k))
      throw new EnqueueItemError(
        index,
        new EnqueueOptionError("idempotencyKey", "is used twice in one batch for the same task"),
      );
    keys.add(k);
  });
  // Keys that already name a run (one lookup for all): that run comes back (same submission) or the
  // batch is refused, before any write.
  const existing = new Map<number, EnqueuedRun>();
  const keyed = bases.map((b, i) => ({ b, i })).filter(({ b }) => b.idempotency);
  if (keyed.length) {
    const found = await findByIdempotencyKeys(
      keyed.map(({ b }) => ({ ownerId: b.ownerId ?? null, task: b.task, key: b.idempotency!.key })),
    );
    for (const [j, { b, i }] of keyed.entries()) {
      try {
        const replay = await replayOf(b, found[j] ?? null);
        if (replay) existing.set(i, replay);
      } catch (e) {
        throw new EnqueueItemError(i, e);
      }
    }
  }
  const fresh = bases.filter((_, i) => !existing.has(i));
  const rows = await insertRunsNow(fresh);
  const out: (EnqueuedRun | null)[] = [];
  let k = 0;
  for (let i = 0; i < bases.length; i++) {
    if (existing.has(i)) {
      out.push(existing.get(i)!);
      continue;
    }
    const row = rows[k++] ?? null;
    if (row) void publishRunMessage(statusMessage(row));
    // A key taken by a concurrent submit between the check and the insert: that submit's run.
    else if (bases[i]!.idempotency) {
      out.push(await existingFor(bases[i]!).catch(() => null));
      continue;
    }
    out.push(row);
  }
  return out;
}
