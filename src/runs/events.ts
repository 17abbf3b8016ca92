/**
 * Live run messages. Persisted events carry `seq` (the SSE id the stream replays from);
 * ephemeral progress between ~1 Hz snapshots carries none.
 */
import { channels, pubsub } from "@/server/pubsub";
import { redis, redisLost } from "@/server/redis";
import { logger } from "@/server/logger";
import type { RunRow } from "./run.repository";
import type { RunStatus } from "./status";

export interface StatusMessage {
  type: "status";
  runId: string;
  /** Owner of the run: the all-runs feed shows each account only its own. */
  ownerId?: string | null;
  seq: number;
  status: RunStatus;
  attempt: number;
  progress: number;
  at: string;
  error?: { name: string; message: string; field?: string };
  reason?: string;
}

export interface ProgressMessage {
  type: "progress";
  runId: string;
  ownerId?: string | null;
  seq?: number;
  progress: number;
  stage: string | null;
  message: string | null;
  etaAt: string | null;
  at: string;
}

export interface LogMessage {
  type: "log";
  runId: string;
  ownerId?: string | null;
  seq: number;
  level: string;
  message: string;
  at: string;
}

export type RunMessage = StatusMessage | ProgressMessage | LogMessage;

const SNAPSHOT_TTL_MS = 3_600_000;

export function statusMessage(row: RunRow, reason?: string): StatusMessage {
  return {
    type: "status",
    runId: row.id,
    ownerId: row.ownerId,
    seq: row.eventSeq,
    status: row.status,
    attempt: row.attempt,
    progress: row.progress,
    at: new Date().toISOString(),
    ...(row.error ? { error: { name: row.error.name, message: row.error.message, field: row.error.field } } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * Publish a run message to its own channel; persisted ones (with seq) also go to the all-runs feed.
 * Never throws: live delivery is best effort, the database is the truth.
 */
let skippedSince = 0;
let skipped = 0;

export async function publishRunMessage(msg: RunMessage): Promise<void> {
  const body = JSON.stringify(msg);
  try {
    const r = redis();
    if (r && redisLost(r)) {
      // Redis is down: do not queue behind its reconnects (a run's end would wait seconds per message);
      // the messages are in the database and streams catch up when the subscriber is back.
      skipped++;
      if (Date.now() - skippedSince > 10_000) {
        logger.warn(
          { redis: r.status, skipped },
          "Redis not ready: live messages skipped; clients resume from the database",
        );
        skippedSince = Date.now();
        skipped = 0;
      }
      return;
    }
    if (r) {
      const m = r.multi().publish(channels.run(msg.runId), body);
      if (msg.seq !== undefined) m.publish(channels.runs, body);
      if (msg.type !== "log") m.set(channels.snapshotKey(msg.runId), body, "PX", SNAPSHOT_TTL_MS);
      await m.exec();
      return;
    }
    const ps = pubsub();
    await ps.publish(channels.run(msg.runId), body);
    if (msg.seq !== undefined) await ps.publish(channels.runs, body);
  } catch (err) {
    logger.warn({ err: (err as Error).message, runId: msg.runId }, "publish failed; clients resume from the database");
  }
}

/** The latest live message of a run (Redis only), for streams that join between persisted snapshots. */
export async function latestSnapshot(runId: string): Promise<RunMessage | null> {
  const r = redis();
  if (!r) return null;
  try {
    const s = await r.get(channels.snapshotKey(runId));
    return s ? (JSON.parse(s) as RunMessage) : null;
  } catch {
    return null;
  }
}
