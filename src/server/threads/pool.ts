/**
 * Run a CPU-heavy kernel in a worker thread so the worker's event loop keeps heart-beating,
 * publishing progress and hearing cancel requests. Abort sets a shared stop flag the kernel checks
 * between chunks; a kernel still running `graceMs` later is terminated.
 *
 * Each call gets a fresh thread (no state leaks between runs), taken from a small set of threads
 * started ahead of need, so a run does not wait for a thread to boot and load its modules.
 *
 * A kernel that can be split (see split.ts: a forecast.when of 500,000+ trials) runs on up to
 * `threads` threads at once (default: 2 when the machine has 2+ cores); their progress is added
 * up, an abort stops them all, and the first failure stops the others.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { KernelInput, KernelName, KernelOutput } from "./kernels";
import type { KernelJob, ThreadData, ToParent } from "./protocol";
import { MAX_THREADS_PER_RUN, splitKernel, type KernelSplit } from "./split";
import { inSpan, tracingOn } from "@/server/tracing";

// From sources (tsx, vitest) a thread runs kernel-host.ts through tsx. Compiled, this module sits in a
// bundle with bootstrap.mjs and kernel-host.mjs beside it (dist/worker/ from scripts/build-server.mjs,
// dist/cli/ from scripts/build-cli.mjs): both build it unsplit, so import.meta.url is the entry file's.
const here = path.dirname(fileURLToPath(import.meta.url));
const fromSources = import.meta.url.endsWith(".ts");
const threadData: ThreadData = {
  host: path.join(here, fromSources ? "kernel-host.ts" : "kernel-host.mjs"),
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
  /** Threads one splittable call may use; default min(2, cores). 1 never splits. */
  threads?: number;
  /** A kernel's partial result so far; `part` tells the threads of a split call apart (0 when unsplit). */
  onPartial?: (value: unknown, part: number) => void;
  /** Which part of a split call this thread runs (set by the split; 0 otherwise). */
  part?: number;
}

let spares: Worker[] = [];
let busy = 0;
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

/** A spare (or new) thread; `replenishNow` false leaves starting its replacement to the caller. */
function takeThread(replenishNow = true): Worker {
  const w = spares.shift() ?? startThread();
  w.removeAllListeners();
  w.ref();
  if (replenishNow) replenish();
  return w;
}

/** Kernel threads taken for a call that have not exited yet (spares not counted). */
export function busyKernelThreads(): number {
  return busy;
}

export function runKernel<K extends KernelName>(
  kernel: K,
  input: KernelInput<K>,
  o: RunKernelOptions = {},
): Promise<KernelOutput<K>> {
  const threads = o.threads ?? Math.min(MAX_THREADS_PER_RUN, availableParallelism());
  const split = splitKernel(kernel, input, threads);
  const run = () => (split ? (runSplit(kernel, split, o) as Promise<KernelOutput<K>>) : runOne(kernel, input, true, o));
  if (!tracingOn()) return run();
  // The thread's work as a span of the caller's (a run attempt's): from hand-over to its answer.
  return inSpan(
    `kernel ${kernel}`,
    { attributes: { "fluxo.kernel": kernel, "fluxo.kernel.threads": split?.parts.length ?? 1 } },
    run,
  );
}

async function runSplit(kernel: string, split: KernelSplit, o: RunKernelOptions): Promise<unknown> {
  if (o.signal?.aborted) throw new KernelError("AbortError", `kernel ${kernel} aborted before start`);
  const stop = new AbortController();
  const onAbort = () => stop.abort(o.signal?.reason);
  o.signal?.addEventListener("abort", onAbort, { once: true });
  const shares = split.parts.map(() => 0);
  try {
    const outputs = await Promise.all(
      split.parts.map((p, i) =>
        runOne(p.kernel, p.input, false, {
          signal: stop.signal,
          graceMs: o.graceMs,
          onPartial: o.onPartial,
          part: i,
          onProgress: (f, stage, message) => {
            shares[i] = f;
            o.onProgress?.(
              Math.min(
                1,
                shares.reduce((a, b) => a + b, 0),
              ),
              stage,
              message,
            );
          },
        }).catch((err: unknown) => {
          stop.abort(); // the first failure stops the other threads
          throw err;
        }),
      ),
    );
    o.onProgress?.(0.99, "summarising");
    const value = split.merge(outputs);
    o.onProgress?.(1, "summarising");
    return value;
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
    // Replacement spares boot only now: booting them during the run would take the cores it uses.
    replenish();
  }
}

function runOne<K extends KernelName>(
  kernel: K,
  input: KernelInput<K>,
  replenishNow: boolean,
  o: RunKernelOptions,
): Promise<KernelOutput<K>> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new KernelError("AbortError", `kernel ${kernel} aborted before start`));
    const stopFlag = new SharedArrayBuffer(4);
    const w = takeThread(replenishNow);
    busy++;
    w.once("exit", () => busy--);
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
        () =>
          done(() =>
            reject(new KernelError("AbortError", `kernel ${kernel} ignored the stop request; thread terminated`)),
          ),
        o.graceMs ?? 500,
      );
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const part = o.part ?? 0;
    w.on("message", (m: ToParent) => {
      if (m.type === "progress") o.onProgress?.(m.fraction, m.stage, m.message);
      else if (m.type === "partial") o.onPartial?.(m.value, part);
      else if (m.type === "result") done(() => resolve(m.value as KernelOutput<K>));
      else done(() => reject(new KernelError(m.name, m.message, m.field)));
    });
    w.on("error", (err) => done(() => reject(err)));
    w.on("exit", (code) => done(() => reject(new Error(`kernel thread ${kernel} exited (${code}) without a result`))));
    w.postMessage({ type: "run", kernel, input, stopFlag } satisfies KernelJob);
  });
}
