/**
 * The run's write path: every status change and every new run of this process goes through one of two
 * batchers, so that what many runs do at the same moment (enqueues, starts, ends, retries) is written as
 * one statement each (src/runs/run-batch.repository.ts). A lone write is sent at once; under load the
 * batches grow by themselves. The status machine (src/runs/status.ts) judges every transition before it
 * is queued, and each caller learns whether its own compare-and-set won.
 */
import { Histogram } from "prom-client";
import { Batcher } from "@/server/batcher";
import { metric, registry } from "@/server/metrics";
import { applyTransitions, type TransitionAnswer, type TransitionArgs } from "./run-batch.repository";
import { insertRuns } from "./run-insert.repository";
import type { NewRun, RunRow } from "./run.repository";
import { assertTransition } from "./status";
import { countTransition } from "./minute-stats";

export type { RunPatch, TransitionArgs, TransitionAnswer } from "./run-batch.repository";

const batchSize = metric(
  "fluxo_write_batch_size",
  () =>
    new Histogram({
      name: "fluxo_write_batch_size",
      help: "Runs written per statement by the batched write path, by writer (transitions, inserts)",
      labelNames: ["writer"] as const,
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers: [registry],
    }),
);

interface Writers {
  transitions: Batcher<TransitionArgs, TransitionAnswer>;
  inserts: Batcher<NewRun, RunRow | null>;
}

const g = globalThis as unknown as { __fluxoWriters?: Writers };

function writers(): Writers {
  g.__fluxoWriters ??= {
    transitions: new Batcher({
      name: "run transitions",
      flush: async (batch) => {
        const answers = await applyTransitions(batch);
        // The console's per-minute series (./minute-stats.ts): counted in memory, written every few seconds.
        answers.forEach((a, i) => a.row && countTransition(batch[i]!.to, a.row));
        return answers;
      },
      maxBatch: 500,
      maxInFlight: 2,
      // Two changes of one run never share a statement: the later sees the earlier's effect.
      keyOf: (a) => a.id,
      onFlush: (n) => batchSize.observe({ writer: "transitions" }, n),
    }),
    inserts: new Batcher({
      name: "run inserts",
      flush: insertRuns,
      maxBatch: 1000,
      maxInFlight: 2,
      // Runs claiming one idempotency key go one statement after the other (the second finds the first).
      keyOf: (r) => (r.idempotency ? `${r.ownerId ?? ""}\u0000${r.task}\u0000${r.idempotency.key}` : undefined),
      onFlush: (n) => batchSize.observe({ writer: "inserts" }, n),
    }),
  };
  return g.__fluxoWriters;
}

/**
 * Compare-and-set status change + its RunEvent (+ job re-added, slots given back) — batched with the
 * other changes of this moment. Returns the updated row, or null when the run was not in one of `from`.
 */
export async function transition(a: TransitionArgs): Promise<RunRow | null> {
  for (const from of a.from) assertTransition(from, a.to); // the status machine is the only authority
  return (await writers().transitions.submit(a)).row;
}

/**
 * A worker's start of an attempt: the transition to `running` only if the run gets a slot of every
 * scope it needs (its queue, its concurrency key). `full`/`paused`: the run is unchanged and its job was
 * deferred (it is woken when a slot frees); null: the run was not in one of `from`.
 */
export async function startAttempt(
  a: TransitionArgs & { claimSlots: { workerId: string } },
): Promise<TransitionAnswer> {
  for (const from of a.from) assertTransition(from, a.to);
  return writers().transitions.submit(a);
}

/** Insert a run and its job, batched with the other inserts of this moment. Null: see insertRuns. */
export function insertRun(r: NewRun): Promise<RunRow | null> {
  return writers().inserts.submit(r);
}

/** Insert many runs at once, as one statement (bulk enqueue); not mixed with other callers' inserts. */
export async function insertRunsNow(rs: readonly NewRun[]): Promise<(RunRow | null)[]> {
  if (rs.length === 0) return [];
  const out = await insertRuns(rs);
  batchSize.observe({ writer: "inserts" }, rs.length);
  return out;
}
