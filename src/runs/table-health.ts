/**
 * Job-table health (issue 22): the state of the tables every run writes — live and dead tuples, the
 * last autovacuum and autoanalyze, sizes — and of what keeps vacuum from cleaning them (the oldest open
 * transaction: the xmin horizon; long-running statements), with a pure verdict on it.
 *
 * Why it matters: a queue in PostgreSQL updates and deletes rows all day. Vacuum can only reclaim a
 * dead row once no open transaction may still see it, so one forgotten `BEGIN` (or a stuck prepared
 * transaction or replication slot) lets dead tuples pile up; scans slow down, workers fall behind,
 * more rows wait — the "death spiral" that River, Solid Queue and que document.
 *
 * Used by the console (/console/health), the metrics, admission control (./admission.ts) and the
 * `table_health` alert rule: `tableHealthVerdict(await readTableHealth(), thresholds)`.
 */
import { env } from "@/env";
import { healthRows, type LongQuery, type TableStatRow, type XminHolder } from "./table-health.repository";

export type { HotTable, LongQuery, TableStatRow, XminHolder } from "./table-health.repository";

export interface TableHealth {
  /** When it was read (ISO 8601). */
  at: string;
  /** One row per hot table, with its dead ratio: dead / (live + dead), 0 for an empty table. */
  tables: (TableStatRow & { deadRatio: number })[];
  /** What pins the xmin horizon, oldest first; `[0]` is the horizon (absent: nothing holds it). */
  xmin: XminHolder[];
  /** Statements running (or idle in a transaction) longer than `longQuerySeconds`. */
  longQueries: LongQuery[];
  longQuerySeconds: number;
}

export interface TableHealthThresholds {
  /** Oldest open transaction (seconds) at which the verdict warns / is critical. */
  xminWarnSeconds: number;
  xminCriticalSeconds: number;
  /** Dead share of a table's tuples (0..1) at which it warns / is critical… */
  deadRatioWarn: number;
  deadRatioCritical: number;
  /** …counted only for a table with at least this many dead tuples (a small table's ratio means nothing). */
  deadMinTuples: number;
  /** A statement running this long (seconds) warns. */
  longQuerySeconds: number;
}

export type HealthLevel = "ok" | "warn" | "critical";
export type HealthReasonCode = "xmin_horizon" | "replication_slot" | "dead_ratio" | "long_query";

export interface HealthReason {
  code: HealthReasonCode;
  level: Exclude<HealthLevel, "ok">;
  /** English, naming the table / session, the value and the limit (shown as is in the console and the 503). */
  message: string;
  value: number;
  limit: number;
}

export interface TableHealthVerdict {
  level: HealthLevel;
  /** The worst first. */
  reasons: HealthReason[];
}

/** The thresholds configured by TABLE_HEALTH_* (README: Configuration). */
export function tableHealthThresholds(): TableHealthThresholds {
  const e = env();
  return {
    xminWarnSeconds: e.TABLE_HEALTH_XMIN_WARN_S,
    xminCriticalSeconds: e.TABLE_HEALTH_XMIN_CRITICAL_S,
    deadRatioWarn: e.TABLE_HEALTH_DEAD_WARN_PCT / 100,
    deadRatioCritical: e.TABLE_HEALTH_DEAD_CRITICAL_PCT / 100,
    deadMinTuples: e.TABLE_HEALTH_DEAD_MIN_TUPLES,
    longQuerySeconds: e.TABLE_HEALTH_LONG_QUERY_S,
  };
}

/** Read the hot tables' health now (four catalog reads, no lock on the tables). */
export async function readTableHealth(o: { longQuerySeconds?: number } = {}): Promise<TableHealth> {
  const longQuerySeconds = o.longQuerySeconds ?? env().TABLE_HEALTH_LONG_QUERY_S;
  const { tables, xmin, long } = await healthRows(longQuerySeconds);
  return {
    at: new Date().toISOString(),
    tables: tables.map((t) => ({ ...t, deadRatio: deadRatio(t.liveTuples, t.deadTuples) })),
    xmin,
    longQueries: long,
    longQuerySeconds,
  };
}

export const deadRatio = (live: number, dead: number): number => (live + dead > 0 ? dead / (live + dead) : 0);

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const secs = (s: number) => (s >= 120 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

/** Pure: the health read against the thresholds — ok, warn or critical, and why. */
export function tableHealthVerdict(
  h: Pick<TableHealth, "tables" | "xmin" | "longQueries">,
  t: TableHealthThresholds,
): TableHealthVerdict {
  const reasons: HealthReason[] = [];
  const oldest = h.xmin.reduce<XminHolder | null>(
    (a, x) => (x.ageSeconds !== null && (a === null || x.ageSeconds > (a.ageSeconds ?? -1)) ? x : a),
    null,
  );
  if (oldest && oldest.ageSeconds !== null) {
    const age = oldest.ageSeconds;
    const level = age >= t.xminCriticalSeconds ? "critical" : age >= t.xminWarnSeconds ? "warn" : null;
    if (level) {
      const who =
        oldest.source === "backend"
          ? `session ${oldest.pid} (${oldest.name}, ${oldest.state ?? "?"})`
          : `prepared transaction "${oldest.name}"`;
      reasons.push({
        code: "xmin_horizon",
        level,
        message: `The oldest open transaction, ${who}, is ${secs(age)} old (limit ${secs(level === "critical" ? t.xminCriticalSeconds : t.xminWarnSeconds)}): vacuum cannot remove dead rows newer than it`,
        value: age,
        limit: level === "critical" ? t.xminCriticalSeconds : t.xminWarnSeconds,
      });
    }
  }
  for (const s of h.xmin)
    if (s.source === "replication_slot" && s.state === "inactive")
      reasons.push({
        code: "replication_slot",
        level: "warn",
        message: `Inactive replication slot "${s.name}" holds the xmin horizon ${s.xids.toLocaleString("en")} transactions back: drop it if nothing will read it`,
        value: s.xids,
        limit: 0,
      });
  for (const tb of h.tables) {
    if (tb.deadTuples < t.deadMinTuples) continue;
    const r = deadRatio(tb.liveTuples, tb.deadTuples);
    const level = r >= t.deadRatioCritical ? "critical" : r >= t.deadRatioWarn ? "warn" : null;
    if (!level) continue;
    const limit = level === "critical" ? t.deadRatioCritical : t.deadRatioWarn;
    reasons.push({
      code: "dead_ratio",
      level,
      message: `Table ${tb.table} is ${pct(r)} dead tuples (${tb.deadTuples.toLocaleString("en")} dead; limit ${pct(limit)}): autovacuum is not keeping up`,
      value: r,
      limit,
    });
  }
  for (const q of h.longQueries) {
    if (q.seconds < t.longQuerySeconds) continue;
    reasons.push({
      code: "long_query",
      level: "warn",
      message: `Session ${q.pid} (${q.name}) has been ${q.state} for ${secs(q.seconds)} (limit ${secs(t.longQuerySeconds)})`,
      value: q.seconds,
      limit: t.longQuerySeconds,
    });
  }
  reasons.sort((a, b) => (a.level === b.level ? 0 : a.level === "critical" ? -1 : 1));
  const level: HealthLevel = reasons.some((r) => r.level === "critical") ? "critical" : reasons.length ? "warn" : "ok";
  return { level, reasons };
}
