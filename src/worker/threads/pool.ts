/**
 * Run a CPU-heavy kernel in a worker thread so the worker's event loop keeps heart-beating,
 * publishing progress and hearing cancel requests. Abort sets a shared stop flag the kernel checks
 * between chunks; a kernel still running `graceMs` later is terminated.
 *
 * Each call gets a fresh thread (no state leaks between runs), taken from a small set of threads
 * started ahead of need, so a run does not wait for a thread to boot and load its modules.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { KernelInput, KernelName, KernelOutput } from "./kernels";
import type { KernelJob, ThreadData, ToParent } from "./protocol";

const here = path.dirname(fileURLToPath(import.meta.url));
const fromSources = import.meta.url.endsWith(".ts");
const threadData: ThreadData = {
  host: path.join(here, fromSources ? "kernel-host.ts" : "kernel-host.js"),
  tsx: fromSources,
  tsconfig: fromSources ? path.resolve(here, "../../../tsconfig.json") : undefined,
};

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

let spares: Worker[] = [];
let wanted = 1;

function startThread(): Worker {
  const w = new Worker(path.join(here, "bootstrap.mjs"), { workerData: threadData });
  w.unref(); // an idle spare never keeps the process alive
  return w;
}

function replenish(): void {
  while (spares.length < wanted) {
    const w = startThread();
    const drop = () => (spares = spares.filter((s) => s !== w));
    w.once("error", drop);
    w.once("exit", drop);
    spares.push(w);
  }
}

/** Keep `n` threads started ahead of need (the worker process calls this at start). */
export function warmKernelThreads(n = 1): void {
  wanted = Math.max(0, n);
  replenish();
}

/** Stop the spare threads (tests, shutdown). */
export async function closeKernelThreads(): Promise<void> {
  wanted = 0;
  const all = spares;
  spares = [];
  await Promise.all(all.map((w) => w.terminate()));
}

function takeThread(): Worker {
  const w = spares.shift() ?? startThread();
  w.removeAllListeners();
  w.ref();
  replenish();
  return w;
}

export function runKernel<K extends KernelName>(kernel: K, input: KernelInput<K>, o: RunKernelOptions = {}): Promise<KernelOutput<K>> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new KernelError("AbortError", `kernel ${kernel} aborted before start`));
    const stopFlag = new SharedArrayBuffer(4);
    const w = takeThread();
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
    w.postMessage({ type: "run", kernel, input, stopFlag } satisfies KernelJob);
  });
}
