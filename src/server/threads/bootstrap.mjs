// Entry of a kernel thread: make TypeScript importable in this thread (when the parent runs from
// sources), then hand over to kernel-host.ts. Compiled builds (dist/worker, dist/cli) import kernel-host.mjs directly.
import { workerData } from "node:worker_threads";

if (workerData?.tsx) {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: workerData.tsconfig });
}
await import(workerData.host);
