/** Messages between a worker process and its kernel threads. */
export type ToParent =
  | { type: "progress"; fraction: number; stage?: string; message?: string }
  | { type: "partial"; value: unknown }
  | { type: "result"; value: unknown }
  | { type: "error"; name: string; message: string; field?: string; stack?: string };

/** Sent once to a (pre-started) thread: the one kernel call it runs before it exits. */
export interface KernelJob {
  type: "run";
  kernel: string;
  input: unknown;
  /** Int32Array over a SharedArrayBuffer: [0] becomes 1 when the parent asks to stop. */
  stopFlag: SharedArrayBuffer;
}

export interface ThreadData {
  host: string;
  tsx: boolean;
  tsconfig?: string;
}
