/**
 * Runs inside a kernel thread. The thread is started ahead of need (modules loaded and compiled),
 * waits for one job, runs it — reporting progress and watching the stop flag — and exits.
 */
import { parentPort } from "node:worker_threads";
import { kernels, type KernelName } from "./kernels";
import type { KernelJob, ToParent } from "./protocol";

const send = (m: ToParent) => parentPort!.postMessage(m);

parentPort!.once("message", async (job: KernelJob) => {
  const flag = new Int32Array(job.stopFlag);
  const signal = {
    get aborted() {
      return Atomics.load(flag, 0) === 1;
    },
  };
  try {
    const kernel = kernels[job.kernel as KernelName];
    if (!kernel) throw new Error(`unknown kernel ${job.kernel}`);
    const value = await kernel(job.input as never, {
      signal,
      onProgress: (fraction: number, stage?: string, message?: string) =>
        send({ type: "progress", fraction, stage, message }),
      onPartial: (value: unknown) => send({ type: "partial", value }),
    });
    send({ type: "result", value });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const field = (e as { field?: unknown }).field;
    send({
      type: "error",
      name: e.name,
      message: e.message,
      stack: e.stack,
      ...(typeof field === "string" ? { field } : {}),
    });
  }
});
