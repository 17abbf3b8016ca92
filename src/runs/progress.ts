/**
 * Throttled progress for one run attempt: publishes live at most every `publishMs`, persists a
 * snapshot (RunEvent) at most every `persistMs` (~1 Hz), and estimates the time left.
 * Progress never goes backwards within an attempt.
 */
import { persistProgress } from "./run-events.repository";
import { publishRunMessage, type ProgressMessage } from "./events";

export interface ProgressOptions {
  publishMs: number;
  persistMs: number;
  now?: () => number;
  /** Owner of the run, carried on messages so the all-runs feed can filter by account. */
  ownerId?: string | null;
}

export class ProgressReporter {
  private fraction = 0;
  private stage: string | null = null;
  private message: string | null = null;
  private etaAt: Date | null = null;
  private lastPublish = 0;
  private lastPersist = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private persisting: Promise<void> = Promise.resolve();
  private readonly startedAt: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly runId: string,
    private readonly o: ProgressOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** fraction in [0,1]; stage/message replace the previous ones when given. */
  report(fraction: number, stage?: string, message?: string): void {
    if (this.closed) return;
    const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : this.fraction;
    const stageChanged = stage !== undefined && stage !== this.stage;
    if (f <= this.fraction && !stageChanged && message === undefined) return;
    this.fraction = Math.max(this.fraction, f);
    if (stage !== undefined) this.stage = stage;
    if (message !== undefined) this.message = message;
    this.etaAt = this.estimate();
    this.dirty = true;
    this.schedule(stageChanged);
  }

  private estimate(): Date | null {
    const elapsed = this.now() - this.startedAt;
    if (this.fraction <= 0.005 || elapsed < 100) return null;
    if (this.fraction >= 1) return new Date(this.now());
    return new Date(this.now() + (elapsed * (1 - this.fraction)) / this.fraction);
  }

  private schedule(urgent: boolean): void {
    const since = this.now() - this.lastPublish;
    if (urgent || since >= this.o.publishMs) {
      this.emit();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.dirty && !this.closed) this.emit();
    }, this.o.publishMs - since);
    this.timer.unref?.();
  }

  private snapshot(): Omit<ProgressMessage, "seq"> {
    return {
      type: "progress",
      runId: this.runId,
      ownerId: this.o.ownerId ?? null,
      progress: this.fraction,
      stage: this.stage,
      message: this.message,
      etaAt: this.etaAt?.toISOString() ?? null,
      at: new Date(this.now()).toISOString(),
    };
  }

  private emit(): void {
    this.dirty = false;
    const t = this.now();
    this.lastPublish = t;
    const snap = this.snapshot();
    if (t - this.lastPersist >= this.o.persistMs) {
      this.lastPersist = t;
      this.persisting = this.persisting.then(async () => {
        const seq = await persistProgress(this.runId, {
          progress: snap.progress,
          stage: snap.stage,
          message: snap.message,
          etaAt: snap.etaAt ? new Date(snap.etaAt) : null,
        }).catch(() => null);
        await publishRunMessage(seq === null ? snap : { ...snap, seq });
      });
    } else {
      // Same chain as the persisted ones, so subscribers never see progress go backwards.
      this.persisting = this.persisting.then(() => publishRunMessage(snap));
    }
  }

  /** Run `write` after the writes already queued (partial results share the chain: messages keep their order). */
  enqueue(write: () => Promise<void>): void {
    this.persisting = this.persisting.then(write).catch(() => {});
  }

  /** Stop timers and wait for pending writes; later reports are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.persisting;
  }

  get value(): number {
    return this.fraction;
  }
}
