/** A Fluxo worker inside a test process, tuned for tests: quick polls and publishes, no sweeper. */
import type { AnyTask } from "@/runs/define-task";
import type { FluxoWorker } from "@/worker/runner";

/** A worker in this process serving `tasks`, polling and publishing often, no sweeper. */
export async function startTestWorker(
  connectionString: string,
  tasks: readonly AnyTask[],
  concurrency: number,
): Promise<FluxoWorker> {
  const { startWorker } = await import("@/worker/runner");
  return startWorker({
    connectionString,
    tasks,
    concurrency,
    pollIntervalMs: 50,
    publishMs: 20,
    persistMs: 50,
    sweep: false,
  });
}
