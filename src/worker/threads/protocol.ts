/** Messages between a worker process and its kernel threads. */
export type ToParent =
  | { type: "progress"; fraction: number; stage?: string; message?: string }
  | { type: "result"; value: unknown }
  | { type: "error"; name: string; message: string; field?: string; stack?: string };

export interface ThreadData {
  kernel: string;
  input: unknown;
  /** Int32Array over a SharedArrayBuffer: [0] becomes 1 when the parent asks to stop. */
  stopFlag: SharedArrayBuffer;
  host: string;
  tsx: boolean;
  tsconfig?: string;
}
