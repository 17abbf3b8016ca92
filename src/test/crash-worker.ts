/**
 * A worker process with the test tasks, for crash-recovery tests (src/worker/crash-recovery.int.test.ts):
 *   DATABASE_URL=… node --import tsx src/test/crash-worker.ts
 * Prints one line `READY <workerId> <graphileWorkerId>` on stdout once it takes jobs. It is meant to be
 * killed (SIGKILL); SIGTERM stops it gracefully; a drain asked for it ends it with `DRAINED` and code 0.
 */
import { env, requireDirectDatabaseUrl } from "@/env";
import { startWorker } from "@/worker/runner";
import { testTasks } from "./test-tasks";

const e = env();
const worker = await startWorker({
  connectionString: requireDirectDatabaseUrl(),
  tasks: testTasks,
  concurrency: process.env.WORKER_CONCURRENCY ? e.WORKER_CONCURRENCY : 2,
  pollIntervalMs: 50,
  publishMs: 50,
  persistMs: 200,
  cancelPollMs: 200,
  heartbeatMs: e.WORKER_HEARTBEAT_MS,
  deadAfterMs: e.WORKER_DEAD_AFTER_MS,
  queues: process.env.WORKER_QUEUES ? e.WORKER_QUEUES : undefined,
  // Drained (the console's Drain): its runs finished; say so and exit 0 as the real worker does.
  onDrained: () => {
    process.stdout.write("DRAINED\n");
    process.exit(0);
  },
});
process.stdout.write(`READY ${worker.workerId} ${worker.graphileWorkerId ?? "-"}\n`);
process.on("SIGTERM", () => {
  void worker.stop().finally(() => process.exit(0));
});
