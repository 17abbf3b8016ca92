/**
 * Throttled partial results of one run attempt (ctx.partial): the latest is published live at most every
 * `publishMs` (as a `partial` message), persisted on the run and as a `partial` RunEvent at most every
 * `persistMs` (~1 Hz), and the last one is persisted (marked final) when the attempt ends — whether it
 * succeeded, failed, timed out or was cancelled. A run that never calls ctx.partial costs nothing.
 */
import { publishRunMessage, type PartialMessage } from "./events";
import { persistPartial, type PartialRecord } from "./run-partial.repository";

export interface PartialOptions {
  /** How much of the whole is done, e.g. { count: 3_200_000, total: 10_000_000, unit: "trials" }. */
  done?: { count: number; total: number; unit: string };
  /** How precise the partial result is (the task's own measure, e.g. a confidence half-width). */
  precision?: number;
}

export interface PartialReporterOptions {
  publishMs: number;
  persistMs: number;
  now?: () => number;
  ownerId?: string | null;
  /** Runs a write after the ones already queued (shared with progress, so messages keep their order). */
  enqueue: (write: () => Promise<void>) => void;
  /** Persist (defaults to persistPartial; tests may record instead). */
  persist?: (runId: string, p: PartialRecord) => Promise<number | null>;
  publish?: (m: PartialMessage) => Promise<void>;
}

/**
 * The next partial record: the new result replaces the previous one; `done` and `precision` left out
 * keep their previous values (a task may say how much is done only now and then).
 */
export function mergePartial(
  prev: PartialRecord | null,
  result: unknown,
  o: PartialOptions,
  at: string,
): PartialRecord {
  const done = o.done ?? prev?.done;
  const precision = o.precision ?? prev?.precision;
  return {
    result,
    ...(precision !== undefined ? { precision } : {}),
    ...(done ? { done: { ...done } } : {}),
    at,
    final: false,
  };
}

function checkOptions(o: PartialOptions): void {
  const d = o.done;
  if (d && !(Number.isFinite(d.count) && Number.isFinite(d.total) && d.count >= 0 && d.total >= 0 && d.unit))
    throw new Error("ctx.partial: done needs finite count ≥ 0, total ≥ 0 and a unit");
  if (o.precision !== undefined && !Number.isFinite(o.precision))
    throw new Error("ctx.partial: precision must be a finite number");
}

export class PartialReporter {
  private latest: PartialRecord | null = null;
  private lastPublish = -Infinity;
  private lastPersist = -Infinity;
  /** The latest has not been published / persisted yet. */
  private unpublished = false;
  private unpersisted = false;
  private timer: NodeJS.Timeout | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly runId: string,
    private readonly o: PartialReporterOptions,
  ) {
    this.now = o.now ?? Date.now;
  }

  /** Replace the run's partial result (after a JSON round trip, so later mutation by the task is harmless). */
  report(result: unknown, options: PartialOptions = {}): void {
    if (this.closed) return;
    checkOptions(options);
    const copy = JSON.parse(JSON.stringify(result ?? null)) as unknown;
    this.latest = mergePartial(this.latest, copy, options, new Date(this.now()).toISOString());
    this.unpublished = this.unpersisted = true;
    this.schedule();
  }

  private schedule(): void {
    const since = this.now() - this.lastPublish;
    if (since >= this.o.publishMs) return this.emit();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.unpublished && !this.closed) this.emit();
    }, this.o.publishMs - since);
    this.timer.unref?.();
  }

  private emit(): void {
    const rec = this.latest;
    if (!rec) return;
    const t = this.now();
    this.lastPublish = t;
    this.unpublished = false;
    if (t - this.lastPersist >= this.o.persistMs) {
      this.lastPersist = t;
      this.unpersisted = false;
      this.o.enqueue(() => this.write(rec));
    } else {
      this.o.enqueue(() => this.publish(rec, undefined));
      // Persisted within persistMs even when no later report comes to carry it.
      this.persistTimer ??= setTimeout(
        () => {
          this.persistTimer = undefined;
          if (!this.unpersisted || this.closed || !this.latest) return;
          this.lastPersist = this.now();
          this.unpersisted = false;
          const last = this.latest;
          this.o.enqueue(() => this.write(last));
        },
        this.o.persistMs - (t - this.lastPersist),
      );
      this.persistTimer.unref?.();
    }
  }

  private async write(rec: PartialRecord): Promise<void> {
    const seq = await (this.o.persist ?? persistPartial)(this.runId, rec).catch(() => null);
    await this.publish(rec, seq ?? undefined);
  }

  private publish(rec: PartialRecord, seq: number | undefined): Promise<void> {
    const msg: PartialMessage = {
      type: "partial",
      runId: this.runId,
      ownerId: this.o.ownerId ?? null,
      ...(seq !== undefined ? { seq } : {}),
      ...rec,
    };
    return (this.o.publish ?? publishRunMessage)(msg);
  }

  /** The attempt ends: the latest partial (if any) is persisted once more, marked final. Later reports are ignored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.persistTimer);
    this.timer = this.persistTimer = undefined;
    const rec = this.latest;
    if (!rec) return;
    this.unpublished = this.unpersisted = false;
    this.o.enqueue(() => this.write({ ...rec, final: true }));
  }

  /** The latest partial result reported (null before the first). */
  get value(): PartialRecord | null {
    return this.latest;
  }

  /** True while the latest has not reached the database. */
  get pending(): boolean {
    return this.unpersisted;
  }
}

/** A reporter made on the first report only: a run that never publishes a partial result pays nothing. */
export function lazyPartial(runId: string, o: PartialReporterOptions) {
  let r: PartialReporter | undefined;
  return {
    report: (result: unknown, options?: PartialOptions) =>
      (r ??= new PartialReporter(runId, o)).report(result, options),
    close: () => r?.close(),
  };
}
