/**
 * The dead-worker sweeper: finds workers whose beats stopped (crashed, `kill -9`, host lost),
 * releases the Graphile locks they held (`forceUnlockWorkers`) and marks them stopped. The released
 * jobs keep their past run_at, so any worker takes them at its next poll; their runs are still
 * `running`, which RunExecutor turns into `retrying` (error WorkerLost) and runs again.
 *
 * Safe with many sweepers at once: one transaction holds a transaction-scoped advisory lock (a
 * second sweeper returns at once) and the dead rows FOR UPDATE SKIP LOCKED; the rows are marked
 * stopped in that transaction, so a worker is unlocked by one sweep only. If the sweeper dies between
 * the unlock and the commit, the next sweep unlocks again — `force_unlock_workers` is idempotent.
 */
import { releaseStaleSlots } from "./queue.repository";
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { requireDirectDatabaseUrl } from "@/env";
import { db } from "@/server/db";
import { logger } from "@/server/logger";
import { findDeadWorkers, lockHoldersOf, markWorkersStopped } from "./worker.repository";

/** Graphile task (and cron item) of the sweep; crontab identifiers allow no dots. */
export const SWEEP_TASK = "fluxo:sweep_workers";

export interface SweepOptions {
  /** A worker with no beat for this long is dead. */
  deadAfterMs: number;
  /** Reference time (tests); default the database's now(). */
  now?: Date;
  /** Graphile's utilities to unlock with; default a short-lived instance on DATABASE_DIRECT_URL (else DATABASE_URL). */
  utils?: Pick<WorkerUtils, "forceUnlockWorkers">;
}

export interface SweptWorker {
  id: string;
  host: string;
  pid: number;
  lastBeatAt: Date;
  /** Graphile lock holder ids released. */
  unlocked: string[];
}

export interface SweepResult {
  /** False when another sweeper held the lock (this call did nothing). */
  ran: boolean;
  swept: SweptWorker[];
}

const SWEEP_LOCK = "fluxo:sweep-dead-workers";

export async function sweepDeadWorkers(o: SweepOptions): Promise<SweepResult> {
  let ownUtils: WorkerUtils | undefined;
  const unlock = async (ids: string[]) => {
    if (!o.utils) ownUtils ??= await makeWorkerUtils({ connectionString: requireDirectDatabaseUrl() });
    await (o.utils ?? ownUtils!).forceUnlockWorkers(ids);
  };
  try {
    const result = await db().$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ got: boolean }[]>`
          select pg_try_advisory_xact_lock(hashtext(${SWEEP_LOCK})) as got`;
        if (!lock?.got) return { ran: false, swept: [] };
        const dead = await findDeadWorkers(o.deadAfterMs, o.now, tx);
        const swept: SweptWorker[] = [];
        for (const w of dead) {
          const holders = await lockHoldersOf(w, tx);
          if (holders.length) await unlock(holders);
          swept.push({ id: w.id, host: w.host, pid: w.pid, lastBeatAt: w.lastBeatAt, unlocked: holders });
        }
        await markWorkersStopped(
          dead.map((w) => w.id),
          tx,
        );
        for (const w of swept)
          logger.warn(
            { deadWorkerId: w.id, host: w.host, pid: w.pid, lastBeatAt: w.lastBeatAt, unlocked: w.unlocked },
            "dead worker swept: its jobs were released for retry",
          );
        return { ran: true, swept };
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
    // Queue slots of the dead (and of runs that ended without giving theirs back) are freed.
    if (result.ran) await releaseStaleSlots();
    return result;
  } finally {
    await ownUtils?.release();
  }
}
