/**
 * The alert evaluator (pure): given the rules, what was observed and the alerts still open, which
 * alerts fire and which resolve. An alert is one (rule, subject) — two queues backing up are two
 * alerts — and fires once when its condition starts to hold and resolves once when it stops: while it
 * holds and is open nothing is returned for it, so nothing is repeated. The clock is injected.
 */
import type { AlertKind } from "./kinds";

export interface AlertRule {
  id: string;
  name: string;
  kind: AlertKind;
  enabled: boolean;
  /** Only this queue (queue_wait, failure_rate); null: every queue. */
  queue: string | null;
  /** Only this task (failure_rate, run_dead); null: every task. */
  task: string | null;
  /**
   * queue_wait: minutes; failure_rate: percent; workers_below: live workers; schedule_missed: grace
   * minutes; table_health: dead-tuple percent; run_dead: unused.
   */
  threshold: number;
  /** failure_rate and run_dead: the window; table_health: the xmin-horizon age in minutes. */
  windowMinutes: number;
  /** failure_rate: runs needed in the window before a rate means anything. */
  minRuns: number;
}

export interface Observations {
  /** Each queue's oldest waiting run's wait (null: nothing waits). */
  queues: { name: string; oldestWaitMs: number | null }[];
  /** Per failure_rate rule: its subjects' finished runs in its window, and how many failed or died. */
  failureStats: { ruleId: string; subject: string; total: number; failed: number }[];
  /** Per run_dead rule: per task, the runs that ended dead in its window. */
  deadRuns: { ruleId: string; task: string; count: number; latestRunId: string }[];
  /** Enabled schedules: how late their next slot is (null: none planned) and their last outcome. */
  schedules: { id: string; name: string; overdueMs: number | null; lastStatus: string | null }[];
  liveWorkers: number;
  /** Job tables: live and dead tuples; the oldest open transaction's age (the xmin horizon). */
  tables: { name: string; live: number; dead: number }[];
  xminHorizonAgeMs: number | null;
  /**
   * Per table_health rule, the table-health module's verdict at the rule's thresholds (src/runs/
   * table-health.ts); a rule without one is judged here from `tables` and `xminHorizonAgeMs`.
   */
  healthVerdicts?: { ruleId: string; unhealthy: boolean; reasons: string[] }[];
}

export interface OpenAlert {
  id: string;
  ruleId: string;
  subject: string;
}

export interface Firing {
  ruleId: string;
  subject: string;
  message: string;
  details: Record<string, unknown>;
  firedAt: Date;
}

export interface Resolution {
  alertId: string;
  ruleId: string;
  subject: string;
  resolvedAt: Date;
}

interface Condition {
  subject: string;
  message: string;
  details: Record<string, unknown>;
}

/** Schedule outcomes that mean its slot passed without a run. */
const NO_RUN_STATUSES = new Set(["invalid", "task unavailable", "invalid input"]);

const MIN = 60_000;
/** A table's dead ratio counts only from this many dead tuples (a small table's ratio means nothing). */
export const DEAD_MIN_TUPLES = 1000;
const pct = (n: number) => Math.round(n * 10) / 10;

/** The subjects for which `rule` holds now. */
export function conditions(rule: AlertRule, o: Observations): Condition[] {
  switch (rule.kind) {
    case "queue_wait":
      return o.queues
        .filter((q) => (!rule.queue || q.name === rule.queue) && (q.oldestWaitMs ?? 0) > rule.threshold * MIN)
        .map((q) => ({
          subject: `queue:${q.name}`,
          message: `queue ${q.name}: the oldest waiting run has waited ${Math.floor(q.oldestWaitMs! / MIN)} min (limit ${rule.threshold} min)`,
          details: { queue: q.name, oldestWaitMs: q.oldestWaitMs, thresholdMinutes: rule.threshold },
        }));
    case "failure_rate":
      return o.failureStats
        .filter((s) => s.ruleId === rule.id && s.total >= rule.minRuns && (s.failed / s.total) * 100 > rule.threshold)
        .map((s) => ({
          subject: s.subject,
          message: `${s.subject.replace(":", " ")}: ${pct((s.failed / s.total) * 100)} % of ${s.total} runs failed in the last ${rule.windowMinutes} min (limit ${rule.threshold} %)`,
          details: {
            failed: s.failed,
            total: s.total,
            windowMinutes: rule.windowMinutes,
            thresholdPercent: rule.threshold,
          },
        }));
    case "run_dead":
      return o.deadRuns
        .filter((d) => d.ruleId === rule.id && d.count > 0)
        .map((d) => ({
          subject: `task:${d.task}`,
          message: `task ${d.task}: ${d.count} run${d.count === 1 ? "" : "s"} ended dead in the last ${rule.windowMinutes} min (latest ${d.latestRunId})`,
          details: { task: d.task, count: d.count, latestRunId: d.latestRunId, windowMinutes: rule.windowMinutes },
        }));
    case "schedule_missed":
      return o.schedules
        .filter(
          (s) =>
            (s.overdueMs !== null && s.overdueMs > rule.threshold * MIN) ||
            (s.lastStatus !== null && NO_RUN_STATUSES.has(s.lastStatus)),
        )
        .map((s) => ({
          subject: `schedule:${s.id}`,
          message:
            s.overdueMs !== null && s.overdueMs > rule.threshold * MIN
              ? `schedule "${s.name}" missed its slot: due ${Math.floor(s.overdueMs / MIN)} min ago and not fired`
              : `schedule "${s.name}" passed its slot without a run (${s.lastStatus})`,
          details: { scheduleId: s.id, name: s.name, overdueMs: s.overdueMs, lastStatus: s.lastStatus },
        }));
    case "workers_below":
      return o.liveWorkers < rule.threshold
        ? [
            {
              subject: "workers",
              message: `${o.liveWorkers} live worker${o.liveWorkers === 1 ? "" : "s"} (at least ${rule.threshold} expected)`,
              details: { liveWorkers: o.liveWorkers, threshold: rule.threshold },
            },
          ]
        : [];
    case "table_health":
      return tableHealth(rule, o);
  }
}

function tableHealth(rule: AlertRule, o: Observations): Condition[] {
  let reasons: string[];
  const verdict = o.healthVerdicts?.find((v) => v.ruleId === rule.id);
  if (verdict) reasons = verdict.unhealthy ? verdict.reasons : [];
  else {
    reasons = o.tables
      .filter((t) => t.dead >= DEAD_MIN_TUPLES && (t.dead / (t.live + t.dead)) * 100 > rule.threshold)
      .map((t) => `${t.name}: ${pct((t.dead / (t.live + t.dead)) * 100)} % dead tuples (limit ${rule.threshold} %)`);
    if (o.xminHorizonAgeMs !== null && o.xminHorizonAgeMs > rule.windowMinutes * MIN)
      reasons.push(
        `oldest open transaction is ${Math.floor(o.xminHorizonAgeMs / MIN)} min old (limit ${rule.windowMinutes} min): vacuum cannot clean behind it`,
      );
  }
  if (reasons.length === 0) return [];
  return [{ subject: "tables", message: `job tables unhealthy: ${reasons.join("; ")}`, details: { reasons } }];
}

const key = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;

/**
 * What changes now: alerts to fire (condition holds, none open for that rule and subject) and to
 * resolve (open, condition no longer holds — or its rule is disabled or gone).
 */
export function evaluateAlerts(
  rules: readonly AlertRule[],
  observed: Observations,
  open: readonly OpenAlert[],
  now: () => Date,
): { fire: Firing[]; resolve: Resolution[] } {
  const at = now();
  const holding = new Map<string, Condition & { ruleId: string }>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const c of conditions(rule, observed)) holding.set(key(rule.id, c.subject), { ...c, ruleId: rule.id });
  }
  const openKeys = new Set(open.map((a) => key(a.ruleId, a.subject)));
  const fire: Firing[] = [];
  for (const [k, c] of holding)
    if (!openKeys.has(k))
      fire.push({ ruleId: c.ruleId, subject: c.subject, message: c.message, details: c.details, firedAt: at });
  const resolve: Resolution[] = open
    .filter((a) => !holding.has(key(a.ruleId, a.subject)))
    .map((a) => ({ alertId: a.id, ruleId: a.ruleId, subject: a.subject, resolvedAt: at }));
  return { fire, resolve };
}
