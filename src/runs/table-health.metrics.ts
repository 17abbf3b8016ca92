/**
 * Prometheus gauges of job-table health and admission control (issue 22), read at scrape time (one
 * refresh of the admission state per scrape, which also keeps this process's state current):
 * tuples and sizes per hot table, the xmin horizon's age, long queries, the verdict and the shedding.
 */
import { Gauge } from "prom-client";
import { registry } from "@/server/metrics";
import { refreshAdmission } from "./admission";

const LEVEL = { ok: 0, warn: 1, critical: 2 } as const;

export function installTableHealthGauges(): void {
  if (registry.getSingleMetric("fluxo_table_health_level")) return;
  const t = ["table"] as const;
  const live = new Gauge({
    registers: [],
    name: "fluxo_table_live_tuples",
    help: "Live tuples of a hot table (pg_stat_all_tables)",
    labelNames: t,
  });
  const dead = new Gauge({
    registers: [],
    name: "fluxo_table_dead_tuples",
    help: "Dead tuples of a hot table, awaiting vacuum",
    labelNames: t,
  });
  const bytes = new Gauge({
    registers: [],
    name: "fluxo_table_bytes",
    help: "Size of a hot table: heap (with TOAST), indexes, total",
    labelNames: ["table", "part"] as const,
  });
  const lastVacuum = new Gauge({
    registers: [],
    name: "fluxo_table_last_autovacuum_timestamp_seconds",
    help: "When autovacuum last finished on a hot table (absent: never)",
    labelNames: t,
  });
  const xmin = new Gauge({
    registers: [],
    name: "fluxo_xmin_horizon_age_seconds",
    help: "Age of the oldest open transaction (or prepared transaction) in the database: vacuum keeps every row newer than it",
  });
  const xids = new Gauge({
    registers: [],
    name: "fluxo_xmin_horizon_xids",
    help: "Transactions the xmin horizon is behind (slots included)",
  });
  const long = new Gauge({
    registers: [],
    name: "fluxo_long_queries",
    help: "Statements running (or idle in a transaction) past TABLE_HEALTH_LONG_QUERY_S",
  });
  const shedding = new Gauge({
    registers: [],
    name: "fluxo_admission_shedding",
    help: "1 while admission control refuses new low-priority runs, by reason (table_health, or queue_backlog per queue)",
    labelNames: ["reason", "queue"] as const,
  });
  const level = new Gauge({
    registers: [],
    name: "fluxo_table_health_level",
    help: "Job-table health verdict: 0 ok, 1 warn, 2 critical",
  });
  const all = [level, live, dead, bytes, lastVacuum, xmin, xids, long, shedding];
  // prom-client collects every metric of a scrape at once: they share one read (reused for a second).
  let last: { at: number; read: Promise<void> } | null = null;
  const update = async () => {
    const s = await refreshAdmission().catch(() => null);
    if (!s) return; // the database is down: keep the last values; /api/health/ready says why
    for (const g of [live, dead, bytes, lastVacuum, shedding]) g.reset();
    for (const r of s.read.tables) {
      live.set({ table: r.table }, r.liveTuples);
      dead.set({ table: r.table }, r.deadTuples);
      bytes.set({ table: r.table, part: "heap" }, r.tableBytes);
      bytes.set({ table: r.table, part: "indexes" }, r.indexBytes);
      bytes.set({ table: r.table, part: "total" }, r.totalBytes);
      if (r.lastAutovacuum) lastVacuum.set({ table: r.table }, r.lastAutovacuum.getTime() / 1000);
    }
    xmin.set(Math.max(0, ...s.read.xmin.map((x) => x.ageSeconds ?? 0)));
    xids.set(Math.max(0, ...s.read.xmin.map((x) => x.xids)));
    long.set(s.read.longQueries.length);
    level.set(LEVEL[s.health.level]);
    shedding.set({ reason: "table_health", queue: "" }, s.health.level === "critical" ? 1 : 0);
    for (const b of s.backedUp) shedding.set({ reason: "queue_backlog", queue: b.queue }, 1);
  };
  const collect = () => {
    if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), read: update() };
    return last.read;
  };
  for (const g of all) (g as unknown as { collect: () => Promise<void> }).collect = collect;
  for (const g of all) registry.registerMetric(g);
}
