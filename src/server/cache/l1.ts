/**
 * L1: the in-process LRU (lru-cache), bounded by entries and bytes, with each entry living until its
 * stale deadline on the injected clock. Values are kept as JSON so callers never share (and mutate) one object.
 */
import { LRUCache } from "lru-cache";
import type { Entry } from "./serialize";
import { l1Namespace } from "./keys";

/** Rough per-entry overhead (key, entry object, LRU bookkeeping) counted against maxBytes. */
const OVERHEAD_BYTES = 96;

export class L1 {
  private readonly lru: LRUCache<string, Entry>;
  private bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
    private readonly now: () => number,
    /** Called with entry/byte deltas (for the process-wide gauges). */
    private readonly onChange: (entries: number, bytes: number) => void = () => {},
  ) {
    this.lru = new LRUCache<string, Entry>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (e, k) => L1.size(k, e),
      perf: { now: () => this.now() },
      ttlResolution: 0, // always read the (possibly injected) clock
      dispose: (e, k) => this.track(-1, -L1.size(k, e)),
    });
  }

  private static size(k: string, e: Entry): number {
    return (k.length + e.json.length) * 2 + OVERHEAD_BYTES; // UTF-16 in memory
  }

  private track(entries: number, bytes: number): void {
    this.bytes += bytes;
    this.onChange(entries, bytes);
  }

  /** The entry if still servable (fresh or stale-while-revalidate), else undefined. */
  get(k: string): Entry | undefined {
    const e = this.lru.get(k);
    if (e && this.now() >= e.staleUntil) {
      this.lru.delete(k);
      return undefined;
    }
    return e;
  }

  /** Store until its stale deadline; entries larger than maxBytes are simply not kept. */
  set(k: string, e: Entry): void {
    const ttl = e.staleUntil - this.now();
    if (ttl <= 0) return;
    const size = L1.size(k, e);
    if (size > this.maxBytes) {
      this.lru.delete(k);
      return;
    }
    this.lru.set(k, e, { ttl, size });
    if (this.lru.peek(k) === e) this.track(1, size);
  }

  delete(k: string): boolean {
    return this.lru.delete(k);
  }

  /** Remove one namespace's entries; returns their keys. */
  clearNamespace(ns: string): string[] {
    const removed: string[] = [];
    for (const k of [...this.lru.keys()]) {
      if (l1Namespace(k) === ns && this.lru.delete(k)) removed.push(k);
    }
    return removed;
  }

  /** Live entries per namespace (expired ones are purged first). */
  countByNamespace(): Map<string, number> {
    this.lru.purgeStale();
    const counts = new Map<string, number>();
    for (const k of this.lru.keys()) {
      const ns = l1Namespace(k);
      counts.set(ns, (counts.get(ns) ?? 0) + 1);
    }
    return counts;
  }

  get entries(): number {
    return this.lru.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.lru.clear();
  }
}
