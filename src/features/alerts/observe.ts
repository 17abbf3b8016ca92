/**
 * Gather what the enabled rules need, at `now`: only the reads some rule asks for (a failure_rate or
 * run_dead rule reads its own window). Job-table health comes from src/runs/table-health.ts: its
 * verdict at each table_health rule's thresholds (dead-tuple percent, xmin-horizon minutes; the
 * critical levels and the minimum dead tuples as TABLE_HEALTH_* configure them). Long statements on
 * their own do not page: what they hold back shows as the xmin horizon.
 */
import type { AlertRule, Observations } from "@/domain/alerts";
import { readTableHealth, tableHealthThresholds, tableHealthVerdict, type TableHealth } from "@/runs/table-health";
import { deadRuns, failureStats, liveWorkers, queueWaits, scheduleLateness } from "./observe.repository";

function verdictFor(rule: AlertRule, h: TableHealth) {
  const base = tableHealthThresholds();
  const xminWarnSeconds = rule.windowMinutes * 60;
  const deadRatioWarn = rule.threshold / 100;
  const v = tableHealthVerdict(h, {
    ...base,
    xminWarnSeconds,
    xminCriticalSeconds: Math.max(base.xminCriticalSeconds, xminWarnSeconds),
    deadRatioWarn,
    deadRatioCritical: Math.max(base.deadRatioCritical, deadRatioWarn),
  });
  const reasons = v.reasons.filter((r) => r.code !== "long_query").map((r) => r.message);
  return { ruleId: rule.id, unhealthy: reasons.length > 0, reasons };
}

async function tableHealth(
  rules: AlertRule[],
): Promise<Pick<Observations, "tables" | "xminHorizonAgeMs" | "healthVerdicts">> {
  if (rules.length === 0) return { tables: [], xminHorizonAgeMs: null, healthVerdicts: [] };
  const h = await readTableHealth();
  const ages = h.xmin.map((x) => x.ageSeconds).filter((s): s is number => s !== null);
  return {
    tables: h.tables.map((t) => ({ name: t.table, live: t.liveTuples, dead: t.deadTuples })),
    xminHorizonAgeMs: ages.length ? Math.max(...ages) * 1000 : null,
    healthVerdicts: rules.map((r) => verdictFor(r, h)),
  };
}

export async function observe(rules: AlertRule[], now: Date, deadAfterMs: number): Promise<Observations> {
  const has = (k: AlertRule["kind"]) => rules.some((r) => r.kind === k);
  const perRule = async <T>(k: AlertRule["kind"], read: (r: AlertRule, now: Date) => Promise<T[]>) =>
    (await Promise.all(rules.filter((r) => r.kind === k).map((r) => read(r, now)))).flat();
  const [queues, failures, dead, schedules, workers, tables] = await Promise.all([
    has("queue_wait") ? queueWaits(now) : [],
    perRule("failure_rate", failureStats),
    perRule("run_dead", deadRuns),
    has("schedule_missed") ? scheduleLateness(now) : [],
    has("workers_below") ? liveWorkers(now, deadAfterMs) : 0,
    tableHealth(rules.filter((r) => r.kind === "table_health")),
  ]);
  return { queues, failureStats: failures, deadRuns: dead, schedules, liveWorkers: workers, ...tables };
}
