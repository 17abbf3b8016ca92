/** The errors enqueue throws besides a bound out of range (EnqueueOptionError, in ./enqueue.ts). */

/** The idempotency key already names a run made with a different input. */
export class IdempotencyConflictError extends Error {
  override name = "IdempotencyConflictError";
  constructor(
    readonly key: string,
    readonly runId: string,
  ) {
    super(
      `idempotency key "${key}" was already used for run ${runId} with a different input; use a new key for a new input`,
    );
  }
}

/** The workflow step already has its run (another sibling's finish started it first). */
export class StepTakenError extends Error {
  constructor(
    readonly parentId: string,
    readonly step: number,
  ) {
    super(`step ${step} of workflow ${parentId} has already started`);
  }
}

/** One item of enqueueMany was refused: `index` says which (nothing was written). */
export class EnqueueItemError extends Error {
  override name = "EnqueueItemError";
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`item ${index}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}
