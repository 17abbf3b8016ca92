/**
 * Run a CPU-heavy kernel in a worker thread so the worker's event loop keeps heart-beating,
 * publishing progress and hearing cancel requests. Abort sets a shared stop flag the kernel checks
 * between chunks; a kernel still running `graceMs` later is terminated.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { KernelInput, KernelName, KernelOutput } from "./kernels";
import type { ThreadData, ToParent } from "./protocol";

const here = path.dirname(fileURLToPath(import.meta.url));
const fromSources = import.meta.url.endsWith(".ts");

export class KernelError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface RunKernelOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage?: string, message?: string) => void;
  graceMs?: number;
}

export function runKernel<K extends KernelName>(kernel: K, input: KernelInput<K>, o: RunKernelOptions = {}): Promise<KernelOutput<K>> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new KernelError("AbortError", `kernel ${kernel} aborted before start`));
    const stopFlag = new SharedArrayBuffer(4);
    const data: ThreadData = {
      kernel,
      input,
      stopFlag,
      host: path.join(here, fromSources ? "kernel-host.ts" : "kernel-host.js"),
      tsx: fromSources,
      tsconfig: fromSources ? path.resolve(here, "../../../tsconfig.json") : undefined,
    };
    const w = new Worker(path.join(here, "bootstrap.mjs"), { workerData: data });
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      o.signal?.removeEventListener("abort", onAbort);
      fn();
      void w.terminate();
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      killTimer = setTimeout(
        () => done(() => reject(new KernelError("AbortError", `kernel ${kernel} ignored the stop request; thread terminated`))),
        o.graceMs ?? 500,
      );
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    w.on("message", (m: ToParent) => {
      if (m.type === "progress") o.onProgress?.(m.fraction, m.stage, m.message);
      else if (m.type === "result") done(() => resolve(m.value as KernelOutput<K>));
      else done(() => reject(new KernelError(m.name, m.message, m.field)));
    });
    w.on("error", (err) => done(() => reject(err)));
    w.on("exit", (code) => done(() => reject(new Error(`kernel thread ${kernel} exited (${code}) without a result`))));
  });
}
