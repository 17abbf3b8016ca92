/**
 * The split-forecast integration tests' shared setup: a split threshold of one block and chunks of ten
 * blocks (so small forecasts split), room in the queues the parents and chunks use, and the teardown
 * that puts all of it back.
 */
import { WHEN_BLOCK_TRIALS } from "@/domain/forecast";
import { closeConnections } from "@/test/close-connections";

export const CHUNK = 10 * WHEN_BLOCK_TRIALS;

export async function setUpSplitting(): Promise<void> {
  process.env.FORECAST_SPLIT_ABOVE_TRIALS = String(WHEN_BLOCK_TRIALS);
  process.env.FORECAST_CHUNK_TRIALS = String(CHUNK);
  const q = await import("@/runs/queue.repository");
  await q.updateQueue("default", { concurrency: 64, paused: false });
  await q.updateQueue("analysis", { concurrency: 64, paused: false });
}

export async function tearDownSplitting(workers: { stop(): Promise<unknown> }[]): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
  const q = await import("@/runs/queue.repository");
  await q.updateQueue("default", { concurrency: 8 });
  await q.updateQueue("analysis", { concurrency: 4 });
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await closeConnections();
  delete process.env.FORECAST_SPLIT_ABOVE_TRIALS;
  delete process.env.FORECAST_CHUNK_TRIALS;
}
