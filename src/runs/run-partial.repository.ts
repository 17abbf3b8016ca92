/** A run's latest partial result (ctx.partial): on the run (kept when it ends) and as a `partial` RunEvent. */
import { db } from "@/server/db";

/** What a task published with ctx.partial, as persisted on the run and in its `partial` events. */
export interface PartialRecord {
  result: unknown;
  precision?: number;
  done?: { count: number; total: number; unit: string };
  /** When the task published it (ISO). */
  at: string;
  /** The attempt ended after it: no later partial follows. */
  final: boolean;
}

/**
 * Persist a partial result on the run and append it as a RunEvent, while the run runs (or is being
 * cancelled: what was computed until the handler stopped is kept). Returns the event's seq, or null.
 */
export async function persistPartial(id: string, p: PartialRecord): Promise<number | null> {
  const payload = JSON.stringify(p);
  const rows = await db().$queryRaw<{ seq: number }[]>`
    with u as (
      update runs set partial = ${payload}::jsonb, partial_at = now(), event_seq = event_seq + 1
      where id = ${id}::uuid and status in ('running', 'cancelling')
      returning id, event_seq
    ), e as (
      insert into run_events (run_id, seq, type, payload) select id, event_seq, 'partial', ${payload}::jsonb from u
    )
    select event_seq as seq from u`;
  return rows[0]?.seq ?? null;
}

/** The run's latest persisted partial result, or null (the caller has checked the run is visible). */
export async function findPartial(id: string): Promise<PartialRecord | null> {
  const rows = await db().$queryRaw<{ partial: PartialRecord | null }[]>`
    select partial from runs where id = ${id}::uuid`;
  return rows[0]?.partial ?? null;
}

/**
 * A workflow parent's partial result, replaced only if the one it was built from is still there (its
 * `at`, null: none yet): two processes merging members' results at once never drop each other's.
 * Returns the event's seq, or null when another write came first or the run has ended.
 */
export async function replacePartial(id: string, prevAt: string | null, p: PartialRecord): Promise<number | null> {
  const payload = JSON.stringify(p);
  const rows = await db().$queryRaw<{ seq: number }[]>`
    with u as (
      update runs set partial = ${payload}::jsonb, partial_at = now(), event_seq = event_seq + 1
      where id = ${id}::uuid and status in ('running', 'cancelling')
        and (partial ->> 'at') is not distinct from ${prevAt}::text
      returning id, event_seq
    ), e as (
      insert into run_events (run_id, seq, type, payload) select id, event_seq, 'partial', ${payload}::jsonb from u
    )
    select event_seq as seq from u`;
  return rows[0]?.seq ?? null;
}
