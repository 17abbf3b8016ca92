/** Per-namespace counters of one cache instance, mirrored to the process's Prometheus metrics. */
import { cacheMetrics } from "@/server/metrics";
import type { CacheSource, NamespaceStats } from "./types";

type Counts = Omit<NamespaceStats, "namespace" | "hitRate" | "l1Entries">;
type Field = "misses" | "computes" | "stale" | "fallbacks" | "errors" | "waits";

const fresh = (): Counts => ({
  hits: { l1: 0, l2: 0 },
  misses: 0,
  computes: 0,
  stale: 0,
  fallbacks: 0,
  errors: 0,
  waits: 0,
});

export class CacheCounters {
  private readonly byNs = new Map<string, Counts>();

  private of(ns: string): Counts {
    let c = this.byNs.get(ns);
    if (!c) this.byNs.set(ns, (c = fresh()));
    return c;
  }

  hit(ns: string, tier: "l1" | "l2"): void {
    this.of(ns).hits[tier]++;
    cacheMetrics.hits.inc({ namespace: ns, tier });
  }

  add(ns: string, field: Field, n = 1): void {
    this.of(ns)[field] += n;
    if (field !== "stale") cacheMetrics[field].inc({ namespace: ns }, n);
  }

  /** One lookup's outcome: a hit in the tier the value came from (stale counts there too), else a miss. */
  outcome(ns: string, source: CacheSource | "miss", staleTier: "l1" | "l2" = "l1"): void {
    if (source === "l1" || source === "l2") this.hit(ns, source);
    else if (source === "stale") {
      this.hit(ns, staleTier);
      this.add(ns, "stale");
    } else this.add(ns, "misses");
  }

  snapshot(l1Entries: Map<string, number>): NamespaceStats[] {
    const names = new Set([...this.byNs.keys(), ...l1Entries.keys()]);
    return [...names].sort().map((namespace) => {
      const c = this.byNs.get(namespace) ?? fresh();
      const hits = c.hits.l1 + c.hits.l2;
      const total = hits + c.misses;
      return {
        namespace,
        ...c,
        hits: { ...c.hits },
        hitRate: total ? hits / total : 0,
        l1Entries: l1Entries.get(namespace) ?? 0,
      };
    });
  }
}

/** Record an operation's latency. */
export function observe(op: string, source: string, startedAt: number): void {
  cacheMetrics.duration.observe({ op, source }, (performance.now() - startedAt) / 1000);
}
