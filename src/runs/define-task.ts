/** A task is a declaration (name, queue, input schema, retry, timeout) plus a thin handler. */
import { DAY_MS } from "@/domain/shared/dates";
import type { z } from "zod";
import type { Logger } from "@/server/logger";

import type { QueueName } from "./queues";
import type { TaskCatalog } from "./task-catalog";
import type { PartialOptions } from "./partial";
import type { RunMetric } from "@/domain/shared/run-metrics";
export { QUEUES, type QueueName } from "./queues";

export interface RetryPolicy {
  /** Total attempts, including the first (1 = no retry). */
  attempts: number;
  /** First retry delay; multiplied by `factor` each attempt (exponential backoff). Default 1000 ms. */
  backoffMs?: number;
  /** Growth of the delay per attempt. Default 2. */
  factor?: number;
  /** Upper bound of the delay. Default 60 s. */
  maxBackoffMs?: number;
  /** Share of the delay taken off at random (0 = none, 1 = "full jitter"), so retries of many runs spread out. Default 0.2. */
  jitter?: number;
}

export interface TaskContext {
  readonly runId: string;
  readonly attempt: number;
  /** Aborts on user cancel, timeout or worker shutdown; `signal.reason` says which. */
  readonly signal: AbortSignal;
  /** Throttled; fraction in [0,1]. */
  progress(fraction: number, stage?: string, message?: string): void;
  /**
   * Throttled like progress: the task's result so far (JSON), replacing the previous one; streamed live
   * (SSE `event: partial`), persisted about once a second, and kept when the run is cancelled, times out
   * or dies. `done` says how much of the whole it stands for; left out, the previous `done` stays.
   */
  partial(result: unknown, options?: PartialOptions): void;
  /** A line in the run's timeline. */
  log(message: string, level?: "info" | "warn" | "error"): Promise<void>;
  readonly logger: Logger;
  /** The worker's catalog: what a task that starts a workflow starts its steps from. */
  readonly tasks: TaskCatalog;
}

/** How a chord's members' results merge into the workflow parent's partial result, member by member. */
export interface MembersPartial {
  /** The member steps whose results `partial` (the parent's partial result so far) holds already. */
  stepsIn(partial: unknown): readonly number[];
  /**
   * `partial` (null: none yet) with the results of more members that succeeded (by step) merged in; a
   * step it holds already is left as it is. `input` is the callback's input as the workflow gives it.
   */
  merge(o: { input: unknown; partial: unknown; results: ReadonlyMap<number, unknown>; members: number }): {
    result: unknown;
    done?: PartialOptions["done"];
  };
}

export interface TaskDefinition<I, O> {
  name: string;
  queue: QueueName;
  input: z.ZodType<I>;
  /**
   * What the handler returns. The executor checks the result against it before storing it (a
   * mismatch fails the run, without retry) and stores the parsed value; views read a stored result
   * with it, so it lives in a client-safe module of its slice.
   */
  output: z.ZodType<O>;
  retry: RetryPolicy;
  /**
   * Time limits of one attempt. At `softMs` the handler's `ctx.signal` aborts with reason "timeout"
   * (it may clean up; kernels in threads stop, or are terminated after the cancel grace). At `hardMs`
   * (default softMs + 10 s) a handler still running is abandoned. Either way the run fails (timeout),
   * without retry. A run may override `softMs` at enqueue (the hard margin stays the task's).
   */
  timeout?: { softMs: number; hardMs?: number };
  /** How long the result is kept (sets Run.expiresAt). */
  resultTtlMs?: number;
  /**
   * Pure tasks only: an identical input (same memo key) within `ttlMs` of a succeeded run gets that
   * run's result at once, as a new run marked "from cache" — unless the caller asks for a fresh run.
   */
  memoize?: { ttlMs: number };
  /**
   * Fill in what a person may leave out (defaults, a seed) before the input is checked against
   * `input` — for runs made outside the task's own form, such as a schedule's. Throws a ZodError.
   */
  complete?: (input: unknown) => unknown;
  /**
   * Version of the engine whose results this task returns (forecast, ETo, portfolio analysis,
   * reports): bumped whenever its results change for the same input. Recorded on every run
   * (provenance) and part of the memo key, so a changed engine never serves an old answer; the
   * engine-version guard (src/tasks/engine-versions.test.ts) fails when a reference case's output
   * changes without a bump. Left out for tasks without an engine (housekeeping, data collection).
   */
  engineVersion?: number;
  /**
   * The numbers of a result that matter when runs of this task are compared side by side (a forecast's
   * percentiles and dates, an ETo total): called on a stored result (or a kept partial one) that parses
   * with `output`. Declared by the task's slice, so the runs slice compares without knowing any task.
   */
  compareMetrics?(result: NoInfer<O>): RunMetric[];
  /** The same numbers from a partial result a stopped run kept (ctx.partial's own shape), under the same keys. */
  comparePartialMetrics?(partial: unknown): RunMetric[];
  /** Housekeeping of the whole install (e.g. retention): only admins may schedule or start it. */
  system?: boolean;
  /**
   * A chord's callback only: how the results of the chord's members that succeeded so far make the
   * workflow parent's partial result (a batch's rows so far), published as members succeed and kept
   * when the workflow is cancelled (src/runs/workflow-partial.ts).
   */
  membersPartial?: MembersPartial;
  /** Its result's type comes from `output` (NoInfer): a handler returning something else does not compile. */
  handler(input: I, ctx: TaskContext): Promise<NoInfer<O>> | NoInfer<O>;
}

/** `complete` for an input whose every field has a default: no input at all counts as `{}`. */
export function defaultsOf<I>(input: z.ZodType<I>): (input: unknown) => I {
  return (v) => input.parse(v ?? {});
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTask<I = any> = TaskDefinition<I, unknown>;

export function defineTask<I, O>(def: TaskDefinition<I, O>): TaskDefinition<I, O> {
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-zA-Z0-9_]*)+$/.test(def.name))
    throw new Error(`task name "${def.name}" must be <feature>.<verb>`);
  const r = def.retry;
  if (!Number.isInteger(r.attempts) || r.attempts < 1 || r.attempts > 100)
    throw new Error(`task ${def.name}: retry.attempts must be an integer in 1..100`);
  if (r.backoffMs !== undefined && !(r.backoffMs >= 0 && r.backoffMs <= DAY_MS))
    throw new Error(`task ${def.name}: retry.backoffMs must be within 0..86,400,000`);
  if (r.factor !== undefined && !(r.factor >= 1 && r.factor <= 10))
    throw new Error(`task ${def.name}: retry.factor must be within 1..10`);
  const t = def.timeout;
  if (t && !(t.softMs >= 1 && t.softMs <= MAX_TIMEOUT_MS))
    throw new Error(`task ${def.name}: timeout.softMs must be within 1..${MAX_TIMEOUT_MS}`);
  if (t?.hardMs !== undefined && !(t.hardMs >= t.softMs && t.hardMs <= MAX_TIMEOUT_MS))
    throw new Error(`task ${def.name}: timeout.hardMs must be within softMs..${MAX_TIMEOUT_MS}`);
  if (r.jitter !== undefined && !(r.jitter >= 0 && r.jitter <= 1))
    throw new Error(`task ${def.name}: retry.jitter must be within 0..1`);
  const v = def.engineVersion;
  if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 1_000_000))
    throw new Error(`task ${def.name}: engineVersion must be a whole number within 1..1,000,000`);
  return def;
}

/**
 * A memoised run's key: the caller's key (default: the input hash) with the task's engine version,
 * so a changed engine never answers from a result an older one computed.
 */
export function memoKeyOf(task: Pick<AnyTask, "engineVersion">, key: string): string {
  return task.engineVersion === undefined ? key : `${key}:e${task.engineVersion}`;
}

/** Longest time limit a task or a run may set: 24 h. */
export const MAX_TIMEOUT_MS = DAY_MS;
const DEFAULT_HARD_MARGIN_MS = 10_000;

/** Soft and hard limits of an attempt, given the run's own soft limit (if it set one). */
export function attemptLimits(
  task: Pick<AnyTask, "timeout">,
  runSoftMs: number | null,
): { softMs: number; hardMs: number } | undefined {
  const t = task.timeout;
  const softMs = runSoftMs ?? t?.softMs;
  if (softMs === undefined) return undefined;
  const margin = t ? (t.hardMs ?? t.softMs + DEFAULT_HARD_MARGIN_MS) - t.softMs : DEFAULT_HARD_MARGIN_MS;
  return { softMs, hardMs: softMs + margin };
}

/** Delay before attempt `attempt + 1`, after `attempt` failed. `random` is uniform in [0, 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = policy.backoffMs ?? 1000;
  const max = policy.maxBackoffMs ?? 60_000;
  const factor = policy.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.2));
  const delay = Math.min(max, base * factor ** Math.max(0, attempt - 1));
  return Math.round(delay * (1 - jitter * random()));
}
