/** A run's timeline: progress snapshots and log lines as RunEvents, read back in order. */
import { db } from "@/server/db";
import { type RunRow, type RunEventRow, COLS } from "./run.repository";

/** Set a (parent) run's progress while it runs; null when it is no longer running. */
export async function setRunProgress(id: string, progress: number, message: string | null): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`
    update runs set progress = ${progress}, message = ${message} where id = ${id}::uuid and status in ('running', 'cancelling')
    returning ${COLS}`;
  return rows[0] ?? null;
}

/** Persist a progress snapshot as a RunEvent (only while running). Returns its seq, or null. */
export async function persistProgress(
  id: string,
  p: { progress: number; stage: string | null; message: string | null; etaAt: Date | null },
): Promise<number | null> {
  const payload = JSON.stringify({ progress: p.progress, stage: p.stage, message: p.message, etaAt: p.etaAt });
  const rows = await db().$queryRaw<{ seq: number }[]>`
    with u as (
      update runs set progress = ${p.progress}, stage = ${p.stage}, message = ${p.message},
        eta_at = ${p.etaAt}::timestamptz, heartbeat_at = now(), event_seq = event_seq + 1
      where id = ${id}::uuid and status = 'running'
      returning id, event_seq
    ), e as (
      insert into run_events (run_id, seq, type, payload) select id, event_seq, 'progress', ${payload}::jsonb from u
    )
    select event_seq as seq from u`;
  return rows[0]?.seq ?? null;
}

/** Append a log line to the run's timeline. Returns its seq, or null when the run is gone. */
export async function appendLog(id: string, level: string, message: string): Promise<number | null> {
  const payload = JSON.stringify({ level, message: message.slice(0, 4000) });
  const rows = await db().$queryRaw<{ seq: number }[]>`
    with u as (update runs set event_seq = event_seq + 1 where id = ${id}::uuid returning id, event_seq),
    e as (insert into run_events (run_id, seq, type, payload) select id, event_seq, 'log', ${payload}::jsonb from u)
    select event_seq as seq from u`;
  return rows[0]?.seq ?? null;
}

export async function listEvents(runId: string, afterSeq = 0, limit = 10_000): Promise<RunEventRow[]> {
  return db().$queryRaw<RunEventRow[]>`
    select run_id::text as "runId", seq, type, payload, at from run_events
    where run_id = ${runId}::uuid and seq > ${afterSeq} order by seq limit ${limit}`;
}
