/** Runs inside a kernel thread: executes one kernel, reporting progress and watching the stop flag. */
import { parentPort, workerData } from "node:worker_threads";
import { kernels, type KernelName } from "./kernels";
import type { ThreadData, ToParent } from "./protocol";

const data = workerData as ThreadData;
const flag = new Int32Array(data.stopFlag);
const send = (m: ToParent) => parentPort!.postMessage(m);
const signal = {
  get aborted() {
    return Atomics.load(flag, 0) === 1;
  },
};

try {
  const kernel = kernels[data.kernel as KernelName];
  if (!kernel) throw new Error(`unknown kernel ${data.kernel}`);
  const value = await kernel(data.input as never, {
    signal,
    onProgress: (fraction: number, stage?: string, message?: string) => send({ type: "progress", fraction, stage, message }),
  });
  send({ type: "result", value });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const field = (e as { field?: unknown }).field;
  send({ type: "error", name: e.name, message: e.message, stack: e.stack, ...(typeof field === "string" ? { field } : {}) });
}
