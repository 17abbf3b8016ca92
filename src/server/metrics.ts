/**
 * The process's one Prometheus registry (served on /metrics) and the cache metrics.
 * Everything lives on globalThis so Next dev / hot reload re-evaluating this module never
 * registers a metric twice. Later modules add theirs with `metric(name, create)`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from "prom-client";

interface FluxoMetrics {
  registry: Registry;
  cache: ReturnType<typeof cacheMetricsOn>;
}

function cacheMetricsOn(registry: Registry) {
  const registers = [registry];
  const byNs = ["namespace"] as const;
  return {
    hits: new Counter({
      name: "fluxo_cache_hits_total",
      help: "Cache hits by tier",
      labelNames: ["namespace", "tier"] as const,
      registers,
    }),
    misses: new Counter({
      name: "fluxo_cache_misses_total",
      help: "Cache lookups that found no value in any tier",
      labelNames: byNs,
      registers,
    }),
    computes: new Counter({
      name: "fluxo_cache_computes_total",
      help: "Compute functions run by the cache",
      labelNames: byNs,
      registers,
    }),
    fallbacks: new Counter({
      name: "fluxo_cache_fallbacks_total",
      help: "Redis calls skipped (open circuit) or failed, served from L1/compute",
      labelNames: byNs,
      registers,
    }),
    errors: new Counter({
      name: "fluxo_cache_errors_total",
      help: "Cache errors (Redis failures, unreadable or unstorable values)",
      labelNames: byNs,
      registers,
    }),
    waits: new Counter({
      name: "fluxo_cache_singleflight_waits_total",
      help: "Callers that waited for another caller's compute (in-process or cross-process lock)",
      labelNames: byNs,
      registers,
    }),
    l1Entries: new Gauge({ name: "fluxo_cache_l1_entries", help: "Entries in the in-process L1 cache", registers }),
    l1Bytes: new Gauge({
      name: "fluxo_cache_l1_bytes",
      help: "Approximate bytes held by the in-process L1 cache",
      registers,
    }),
    duration: new Histogram({
      name: "fluxo_cache_op_duration_seconds",
      help: "Cache operation latency by operation and source",
      labelNames: ["op", "source"] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
  };
}

function build(): FluxoMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, cache: cacheMetricsOn(registry) };
}

const g = globalThis as unknown as { __fluxoMetrics?: FluxoMetrics };
const m = (g.__fluxoMetrics ??= build());

/** The process registry: `await registry.metrics()` is the /metrics body. */
export const registry: Registry = m.registry;
/** Cache counters, gauges and the latency histogram (used by src/server/cache/). */
export const cacheMetrics = m.cache;

/** Get-or-register a metric by name, safe under hot reload: `metric("x_total", () => new Counter({...registers: [registry]}))`. */
export function metric<T extends Metric<string>>(name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** HTTP request durations of the web process, by route (the handler's pattern, never a raw URL), method and status. */
export const httpDuration = metric(
  "fluxo_http_request_duration_seconds",
  () =>
    new Histogram({
      name: "fluxo_http_request_duration_seconds",
      help: "HTTP request duration by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
);

/** Time a route handler's answer (streams count until their headers are ready). */
export async function timedRoute(route: string, method: string, fn: () => Promise<Response>): Promise<Response> {
  const end = httpDuration.startTimer({ route, method });
  let status = 500;
  try {
    const res = await fn();
    status = res.status;
    return res;
  } finally {
    end({ status: String(status) });
  }
}
