/**
 * Alerts as admins steer them (rules) and see them (open, history), and the evaluation the
 * `alerts.evaluate` task runs every minute: observe, let the pure evaluator decide, store each firing
 * and resolution once, and tell admins' webhooks (alert.fired, alert.resolved).
 */
import { ZodError } from "zod";
import { evaluateAlerts } from "@/domain/alerts";
import { Refusal } from "@/domain/shared/errors";
import { env } from "@/env";
import { logger } from "@/server/logger";
import type { TaskCatalog } from "@/runs/task-catalog";
import { notifyAlert } from "@/runs/webhooks";
import {
  alertHistory,
  countRules,
  deleteRule,
  findRule,
  insertAlert,
  insertRule,
  pruneResolved,
  listRules,
  openAlertKeys,
  openAlerts,
  resolveAlert,
  updateRule,
  withEvaluationLock,
  type AlertRow,
  type AlertRuleRow,
} from "./alerts.repository";
import { ZCreateAlertRule, type TCreateAlertRule, type TUpdateAlertRule } from "./alerts.schemas";
import { observe } from "./observe";

export const ALERT_RULES_MAX = 200;
/** Resolved alerts are kept this long in the history. */
export const ALERT_HISTORY_DAYS = 90;

export class AlertRuleNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
}
export class AlertRuleLimitError extends Refusal {
  readonly code = "CONFLICT" as const;
}

const field = (path: string, message: string) =>
  new ZodError([{ code: "custom", path: [path], message, input: undefined }]);

/** A task-scoped rule must name a task the catalog has. */
function checkTask(tasks: TaskCatalog, task: string | null) {
  if (task && !tasks.has(task)) throw field("task", `task ${task} is not a known task`);
}

const ruleDto = (r: AlertRuleRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  enabled: r.enabled,
  queue: r.queue,
  task: r.task,
  threshold: r.threshold,
  windowMinutes: r.windowMinutes,
  minRuns: r.minRuns,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const alertDto = (a: AlertRow) => ({
  id: a.id,
  ruleId: a.ruleId,
  rule: a.ruleName,
  kind: a.kind,
  subject: a.subject,
  message: a.message,
  details: a.details,
  firedAt: a.firedAt.toISOString(),
  resolvedAt: a.resolvedAt?.toISOString() ?? null,
});

export async function rules() {
  return (await listRules()).map(ruleDto);
}

export async function createRule(input: TCreateAlertRule, tasks: TaskCatalog) {
  checkTask(tasks, input.task);
  if ((await countRules()) >= ALERT_RULES_MAX)
    throw new AlertRuleLimitError(`At most ${ALERT_RULES_MAX} alert rules may exist`);
  return ruleDto(await insertRule(input));
}

/** An edit is checked as the whole rule it makes (a threshold's range depends on the kind). */
export async function editRule(input: TUpdateAlertRule, tasks: TaskCatalog) {
  const { id, ...patch } = input;
  const cur = await findRule(id);
  if (!cur) throw new AlertRuleNotFoundError(`alert rule ${id} not found`);
  const merged = ZCreateAlertRule.parse({
    name: patch.name ?? cur.name,
    kind: cur.kind,
    enabled: patch.enabled ?? cur.enabled,
    queue: patch.queue === undefined ? cur.queue : patch.queue,
    task: patch.task === undefined ? cur.task : patch.task,
    threshold: patch.threshold ?? cur.threshold,
    windowMinutes: patch.windowMinutes ?? cur.windowMinutes,
    minRuns: patch.minRuns ?? cur.minRuns,
  });
  if (patch.task !== undefined) checkTask(tasks, merged.task);
  const r = await updateRule(id, merged);
  if (!r) throw new AlertRuleNotFoundError(`alert rule ${id} not found`);
  return ruleDto(r);
}

export async function removeRule(id: string) {
  if (!(await deleteRule(id))) throw new AlertRuleNotFoundError(`alert rule ${id} not found`);
}

export async function open() {
  return (await openAlerts()).map(alertDto);
}

/** A page of history, newest first; `cursor` continues after the previous page. */
const CURSOR = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function history(input: { limit: number; cursor?: string }) {
  if (input.cursor !== undefined && !CURSOR.test(input.cursor))
    throw field("cursor", "cursor must be a cursor from the previous page");
  const [at, id] = input.cursor?.split("_") ?? [];
  const rows = await alertHistory(input.limit + 1, at && id ? { firedAt: new Date(at), id } : undefined);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(alertDto),
    nextCursor: rows.length > input.limit && last ? `${last.firedAt.toISOString()}_${last.id}` : null,
  };
}

export interface EvaluationResult {
  /** False when another evaluation was running (this one did nothing). */
  ran: boolean;
  fired: { id: string; subject: string; message: string }[];
  resolved: { id: string; subject: string }[];
  deliveries: number;
}

/**
 * One evaluation at `now`: fire what newly holds, resolve what stopped holding, each once (a second
 * evaluation at the same time waits for nothing: it finds the lock taken and returns).
 */
export async function evaluate(now: Date = new Date(), o: { deadAfterMs?: number } = {}): Promise<EvaluationResult> {
  const done = await withEvaluationLock(async () => {
    const all = await listRules();
    const observed = await observe(
      all.filter((r) => r.enabled),
      now,
      o.deadAfterMs ?? env().WORKER_DEAD_AFTER_MS,
    );
    const openNow = await openAlerts();
    const { fire, resolve } = evaluateAlerts(all, observed, openAlertKeys(openNow), () => now);
    const fired: EvaluationResult["fired"] = [];
    const resolved: EvaluationResult["resolved"] = [];
    for (const f of fire) {
      const id = await insertAlert(f);
      if (id) fired.push({ id, subject: f.subject, message: f.message });
    }
    for (const r of resolve)
      if (await resolveAlert(r.alertId, r.resolvedAt)) resolved.push({ id: r.alertId, subject: r.subject });
    await pruneResolved(new Date(now.getTime() - ALERT_HISTORY_DAYS * 86_400_000), 1000);
    return { fired, resolved };
  });
  if (!done) return { ran: false, fired: [], resolved: [], deliveries: 0 };
  let deliveries = 0;
  for (const f of done.fired) {
    logger.warn({ alertId: f.id, subject: f.subject }, `alert fired: ${f.message}`);
    deliveries += await notifyAlert(f.id, "alert.fired");
  }
  for (const r of done.resolved) {
    logger.info({ alertId: r.id, subject: r.subject }, "alert resolved");
    deliveries += await notifyAlert(r.id, "alert.resolved");
  }
  return { ran: true, ...done, deliveries };
}
