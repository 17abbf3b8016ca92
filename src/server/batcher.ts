/**
 * Natural batching ("group commit") for writes that many callers make at the same moment: whatever
 * arrives while a batch is being written goes out together in the next one, as one statement.
 *
 * - No added latency: with nothing in flight, a lone item is sent at once (after the current turn of
 *   the event loop, so that items submitted together in one turn share a statement).
 * - Under load batches grow by themselves: at most `maxInFlight` batches are being written at a time,
 *   and everything that arrives meanwhile waits for the next, up to `maxBatch` items.
 * - Items sharing a key (`keyOf`, e.g. a run id) never go in one batch, nor overtake each other: a later
 *   one waits until the earlier one's batch has been written, so each sees the other's effect.
 * - Each caller gets its own item's answer (`flush` returns one per item, in order), or the batch's error.
 */

export interface BatcherOptions<I, O> {
  /** For errors and metrics. */
  name: string;
  /** Writes the items as one statement; returns one answer per item, in the same order. */
  flush(items: I[]): Promise<O[]>;
  /** Most items in one batch. Default 500. */
  maxBatch?: number;
  /** Batches being written at once. Default 1. */
  maxInFlight?: number;
  /** Items with the same key are written one batch after the other, in submission order. */
  keyOf?: (item: I) => string | undefined;
  /** Called after each batch with its size and duration (metrics). */
  onFlush?: (size: number, ms: number) => void;
}

interface Entry<I, O> {
  item: I;
  key: string | undefined;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export class Batcher<I, O> {
  private pending: Entry<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Keys of the items in batches being written. */
  private readonly busyKeys = new Set<string>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(private readonly o: BatcherOptions<I, O>) {
    this.maxBatch = o.maxBatch ?? 500;
    this.maxInFlight = o.maxInFlight ?? 1;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, key: this.o.keyOf?.(item), resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a batch (not counting those being written). */
  get waiting(): number {
    return this.pending.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.next();
    });
  }

  /** Start as many batches as allowed with what is pending. */
  private next(): void {
    while (this.inFlight < this.maxInFlight && this.pending.length > 0) {
      const batch = this.take();
      if (batch.length === 0) return; // everything pending waits for a key being written
      void this.write(batch);
    }
  }

  /** Up to maxBatch pending entries, none sharing a key with each other or with a batch in flight. */
  private take(): Entry<I, O>[] {
    const batch: Entry<I, O>[] = [];
    const rest: Entry<I, O>[] = [];
    const keys = new Set<string>();
    for (const e of this.pending) {
      const blocked = e.key !== undefined && (this.busyKeys.has(e.key) || keys.has(e.key));
      if (blocked || batch.length >= this.maxBatch) {
        rest.push(e);
        // A blocked key stays blocked for every later entry with it (submission order holds).
        if (e.key !== undefined) keys.add(e.key);
        continue;
      }
      if (e.key !== undefined) keys.add(e.key);
      batch.push(e);
    }
    this.pending = rest;
    return batch;
  }

  private async write(batch: Entry<I, O>[]): Promise<void> {
    this.inFlight++;
    for (const e of batch) if (e.key !== undefined) this.busyKeys.add(e.key);
    const t0 = performance.now();
    try {
      const out = await this.o.flush(batch.map((e) => e.item));
      if (out.length !== batch.length)
        throw new Error(`${this.o.name}: ${out.length} answers for a batch of ${batch.length}`);
      batch.forEach((e, i) => e.resolve(out[i]!));
    } catch (err) {
      for (const e of batch) e.reject(err);
    } finally {
      this.o.onFlush?.(batch.length, performance.now() - t0);
      for (const e of batch) if (e.key !== undefined) this.busyKeys.delete(e.key);
      this.inFlight--;
      // What arrived meanwhile goes now, without waiting for another turn of the event loop.
      this.next();
    }
  }
}
