/**
 * Alerts: their rules, the alerts themselves, and what the evaluation observes (queues, runs,
 * schedules, workers, the job tables) — the only SQL about them. Observations take `now` so a test
 * can move the clock.
 */
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { AlertKind, AlertRule, OpenAlert } from "@/domain/alerts";

export interface AlertRuleRow extends AlertRule {
  createdAt: Date;
  updatedAt: Date;
}
export type AlertRuleFields = Omit<AlertRule, "id">;

export interface AlertRow {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: AlertKind;
  subject: string;
  message: string;
  details: Record<string, unknown>;
  firedAt: Date;
  resolvedAt: Date | null;
}

const RULE = {
  id: true,
  name: true,
  kind: true,
  enabled: true,
  queue: true,
  task: true,
  threshold: true,
  windowMinutes: true,
  minRuns: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function listRules(): Promise<AlertRuleRow[]> {
  return (await db().alertRule.findMany({ select: RULE, orderBy: [{ kind: "asc" }, { name: "asc" }], take: 500 })).map(
    (r) => ({ ...r, kind: r.kind as AlertKind }),
  );
}
export async function countRules(): Promise<number> {
  return db().alertRule.count();
}
export async function insertRule(f: AlertRuleFields): Promise<AlertRuleRow> {
  const r = await db().alertRule.create({ data: { id: randomUUID(), ...f }, select: RULE });
  return { ...r, kind: r.kind as AlertKind };
}
export async function updateRule(id: string, f: Partial<AlertRuleFields>): Promise<AlertRuleRow | null> {
  const n = await db().alertRule.updateMany({ where: { id }, data: f });
  if (n.count === 0) return null;
  const r = await db().alertRule.findUniqueOrThrow({ where: { id }, select: RULE });
  return { ...r, kind: r.kind as AlertKind };
}
export async function findRule(id: string): Promise<AlertRuleRow | null> {
  const r = await db().alertRule.findUnique({ where: { id }, select: RULE });
  return r ? { ...r, kind: r.kind as AlertKind } : null;
}
export async function deleteRule(id: string): Promise<boolean> {
  return (await db().alertRule.deleteMany({ where: { id } })).count > 0;
}

const ALERT_COLS = Prisma.raw(`a.id::text, a.rule_id::text as "ruleId", r.name as "ruleName", r.kind, a.subject,
  a.message, a.details, a.fired_at as "firedAt", a.resolved_at as "resolvedAt"`);

export async function openAlerts(): Promise<AlertRow[]> {
  return db().$queryRaw<AlertRow[]>`
    select ${ALERT_COLS} from alerts a join alert_rules r on r.id = a.rule_id
    where a.resolved_at is null order by a.fired_at desc, a.id limit 500`;
}
/** Open alerts per rule kind. */
export async function openCountsByKind(): Promise<{ kind: string; n: number }[]> {
  return db().$queryRaw<{ kind: string; n: number }[]>`
    select r.kind, count(*)::int as n from alerts a join alert_rules r on r.id = a.rule_id
    where a.resolved_at is null group by r.kind`;
}

/** Alerts newest first, a page at a time (`before`: the firedAt/id of the last one seen). */
export async function alertHistory(limit: number, before?: { firedAt: Date; id: string }): Promise<AlertRow[]> {
  const cursor = before
    ? Prisma.sql`(a.fired_at, a.id) < (${before.firedAt}::timestamptz, ${before.id}::uuid)`
    : Prisma.sql`true`;
  return db().$queryRaw<AlertRow[]>`
    select ${ALERT_COLS} from alerts a join alert_rules r on r.id = a.rule_id
    where ${cursor} order by a.fired_at desc, a.id desc limit ${limit}`;
}
/** Fire: null when one is already open for the rule and subject (another evaluation won). */
export async function insertAlert(a: {
  ruleId: string;
  subject: string;
  message: string;
  details: Record<string, unknown>;
  firedAt: Date;
}): Promise<string | null> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    insert into alerts (id, rule_id, subject, message, details, fired_at)
    values (${randomUUID()}::uuid, ${a.ruleId}::uuid, ${a.subject}, ${a.message}, ${JSON.stringify(a.details)}::jsonb, ${a.firedAt}::timestamptz)
    on conflict (rule_id, subject) where resolved_at is null do nothing
    returning id::text`;
  return rows[0]?.id ?? null;
}
/** Resolve once: false when it was resolved already. */
export async function resolveAlert(id: string, at: Date): Promise<boolean> {
  return (
    (await db()
      .$executeRaw`update alerts set resolved_at = ${at}::timestamptz where id = ${id}::uuid and resolved_at is null`) >
    0
  );
}
export function openAlertKeys(rows: AlertRow[]): OpenAlert[] {
  return rows.map((a) => ({ id: a.id, ruleId: a.ruleId, subject: a.subject }));
}

/** Delete up to `limit` alerts resolved before `before` (the history is kept bounded); returns how many. */
export async function pruneResolved(before: Date, limit: number): Promise<number> {
  return db().$executeRaw`
    delete from alerts where id in (
      select id from alerts where resolved_at is not null and resolved_at < ${before}::timestamptz
      order by resolved_at limit ${limit})`;
}

/** Run `fn` unless another evaluation holds the lock (then null): one evaluation at a time. */
export async function withEvaluationLock<T>(fn: () => Promise<T>): Promise<T | null> {
  return db().$transaction(
    async (tx) => {
      const [l] = await tx.$queryRaw<
        { got: boolean }[]
      >`select pg_try_advisory_xact_lock(hashtext('fluxo:alerts')) as got`;
      return l?.got ? fn() : null;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
