/** The CLI's side effects behind one interface, so commands can be run in-process in tests. */
import { readFile } from "node:fs/promises";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  stdinIsTTY: boolean;
  /** Environment (FLUXO_URL, FLUXO_TOKEN) and HTTP, for the commands that talk to a server. */
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  /** Whether stderr is a terminal (a live progress bar is drawn only there). */
  errIsTTY: boolean;
  /** Call `handler` on Ctrl-C (SIGINT) instead of dying; returns a function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}

/** The real process: stdout, stderr, files and stdin. */
export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readFile: (path) => readFile(path, "utf8"),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    fetch: globalThis.fetch,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    errIsTTY: Boolean(process.stderr.isTTY),
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      return () => void process.off("SIGINT", handler);
    },
  };
}

/** An error that ends the command with `exitCode` after printing `message` (one or more lines). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** A field path as users write it: samples[3], backlog.min; the whole input is "". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out;
}

/** "field: problem", dropping the field name when the message already starts with it. */
export function fieldProblem(field: string, message: string): string {
  if (!field) return message;
  return message.startsWith(`${field} `) ? `${field}: ${message.slice(field.length + 1)}` : `${field}: ${message}`;
}
