/**
 * Live run messages. Persisted events carry `seq` (the SSE id the stream replays from);
 * ephemeral progress between ~1 Hz snapshots carries none.
 */
import { channels, pubsub } from "@/server/pubsub";
import type { Redis } from "ioredis";
import { redis, redisLost } from "@/server/redis";
import { logger } from "@/server/logger";
import { Batcher } from "@/server/batcher";
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

/** A task's partial result (ctx.partial): persisted ones (~1 Hz, and the last) carry seq. */
export interface PartialMessage {
  type: "partial";
  runId: string;
  ownerId?: string | null;
  seq?: number;
  result: unknown;
  precision?: number;
  done?: { count: number; total: number; unit: string };
  at: string;
  final: boolean;
}

export type RunMessage = StatusMessage | ProgressMessage | LogMessage | PartialMessage;

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
 * Never throws: live delivery is best effort, the database is the truth. The messages of one moment
 * (a batch of runs ending together) leave in one round trip — one Redis pipeline, or one NOTIFY
 * statement — in the order they were published.
 */
let skippedSince = 0;
let skipped = 0;

const g = globalThis as unknown as { __fluxoPublisher?: Batcher<RunMessage, void> };

function publisher(): Batcher<RunMessage, void> {
  g.__fluxoPublisher ??= new Batcher<RunMessage, void>({
    name: "run messages",
    maxBatch: 2000,
    maxInFlight: 1, // one at a time: messages of a run never overtake each other
    flush: async (msgs) => {
      await sendMessages(msgs);
      return msgs.map(() => undefined);
    },
  });
  return g.__fluxoPublisher;
}

/**
 * Messages this process could not publish to Redis (it was lost, or a publish failed) never reach the
 * streams that wait for them — a stream resyncs when its own subscriber reconnects, which may be before
 * this process's messages were skipped (a worker's connection comes back later than a web node's). So
 * once Redis answers again, this process tells every web node to re-read the database (channels.resync).
 */
let resyncOwed = false;
function oweResync(r: Redis): void {
  if (resyncOwed) return;
  resyncOwed = true;
  const retry = () =>
    setTimeout(() => {
      if (r.status !== "ready") return retry();
      r.publish(channels.resync, "1").then(
        () => void (resyncOwed = false),
        () => retry(),
      );
    }, 1000).unref();
  retry();
}

async function sendMessages(msgs: readonly RunMessage[]): Promise<void> {
  const r = redis();
  try {
    if (r && redisLost(r)) {
      oweResync(r);
      // Redis is down: do not queue behind its reconnects (a run's end would wait seconds per message);
      // the messages are in the database and streams catch up when the subscriber is back.
      skipped += msgs.length;
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
      const p = r.pipeline();
      for (const msg of msgs) {
        const body = JSON.stringify(msg);
        p.publish(channels.run(msg.runId), body);
        // Partial results stay off the all-runs feed (lists show status, not results) and the snapshot key.
        if (msg.seq !== undefined && msg.type !== "partial") p.publish(channels.runs, body);
        if (msg.type === "status" || msg.type === "progress")
          p.set(channels.snapshotKey(msg.runId), body, "PX", SNAPSHOT_TTL_MS);
      }
      const res = await p.exec();
      const failed = res?.find(([e]) => e);
      if (failed) throw failed[0] as Error;
      return;
    }
    const out: [string, string][] = [];
    for (const msg of msgs) {
      const body = JSON.stringify(msg);
      out.push([channels.run(msg.runId), body]);
      if (msg.seq !== undefined && msg.type !== "partial") out.push([channels.runs, body]);
    }
    await pubsub().publishMany(out);
  } catch (err) {
    if (r) oweResync(r);
    logger.warn({ err: (err as Error).message, runs: msgs.length }, "publish failed; clients resume from the database");
  }
}

export function publishRunMessage(msg: RunMessage): Promise<void> {
  return publisher().submit(msg);
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
