/**
 * `fluxo submit <task> [--input FILE] [--wait] [options]` queues one run on the server (--wait follows
 * it to its end); `fluxo submit --batch FILE.jsonl` queues one run per line through
 * POST /api/v1/runs/batch, at most 1,000 per request.
 */
import { CliError, type CliIo } from "./io";
import { readInput } from "./compute";
import { ApiCallError, call, EXIT, follow, print, remoteOptions, request, type RemoteOptions } from "./remote";
import {
  applySubmitFlag,
  checkSubmitOptions,
  SUBMIT_FLAGS,
  SUBMIT_LIMITS,
  type SubmitFlag,
  type SubmitOptions,
} from "./submit-options";

const SUBMITTABLE: Record<string, string> = {
  "forecast.when": "/api/v1/forecasts/when",
  "forecast.howMany": "/api/v1/forecasts/how-many",
  "forecast.deadline": "/api/v1/forecasts/deadline",
  "forecast.backtest": "/api/v1/forecasts/backtest",
  "forecast.cutLine": "/api/v1/forecasts/cut-line",
};

/** Largest body the CLI sends in one batch request: under the server's default MAX_BODY_BYTES (2 MiB). */
export const BATCH_REQUEST_BYTES = 1024 ** 2;

interface SubmitArgs {
  task?: string;
  inputPath?: string;
  batchPath?: string;
  wait: boolean;
  options: SubmitOptions;
  /** The option flags given (refused with --batch: each line carries its own). */
  flags: string[];
}

export function parseSubmitArgs(rest: readonly string[], now = Date.now()): SubmitArgs {
  const out: SubmitArgs = { wait: false, options: {}, flags: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : rest[++i];
      if (v === undefined || v === "") throw new CliError(`fluxo: ${name} needs a value`, EXIT.usage);
      return v;
    };
    if (name === "--wait" && eq < 0) out.wait = true;
    else if (name === "--input" || name === "-i") out.inputPath = value();
    else if (name === "--batch") out.batchPath = value();
    else if ((SUBMIT_FLAGS as readonly string[]).includes(name)) {
      applySubmitFlag(out.options, name as SubmitFlag, value(), now);
      out.flags.push(name);
    } else if (!a.startsWith("-") && !out.task) out.task = a;
    else throw new CliError(`fluxo: unexpected argument ${a} for submit`, EXIT.usage);
  }
  checkSubmitOptions(out.options);
  if (out.batchPath !== undefined) {
    const extra = [
      out.task && `a task name (${out.task})`,
      out.inputPath && "--input",
      out.wait && "--wait",
      ...out.flags,
    ];
    const clash = extra.filter(Boolean);
    if (clash.length)
      throw new CliError(
        `fluxo: --batch cannot be combined with ${clash.join(", ")}: each line of the file is { "task", "input", options }`,
        EXIT.usage,
      );
  } else if (!out.task)
    throw new CliError(`fluxo: submit needs a task name (e.g. forecast.when) or --batch FILE`, EXIT.usage);
  return out;
}

/** `fluxo submit`: one run, or a batch from a JSON Lines file. */
export async function submit(args: string[], io: CliIo): Promise<void> {
  const { opts, rest } = remoteOptions(args, io);
  const a = parseSubmitArgs(rest);
  if (a.batchPath !== undefined) return submitBatch(io, opts, a.batchPath);
  const task = a.task!;
  let input: unknown;
  try {
    input = JSON.parse(await readInput(a.inputPath, io));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`fluxo: the input is not valid JSON: ${(e as Error).message}`, EXIT.usage);
  }
  // A task with its own endpoint takes its form's input there; any other, or any run with options,
  // goes through POST /api/v1/runs.
  const path = a.flags.length ? undefined : SUBMITTABLE[task];
  const answer = path
    ? await request(io, opts, "POST", path, input)
    : await request(io, opts, "POST", "/api/v1/runs", { task, input, ...a.options });
  const queued = answer.json as { runId: string };
  if (answer.headers.get("idempotent-replayed") === "true")
    io.err(`fluxo: the idempotency key already names run ${queued.runId}: nothing new was queued\n`);
  if (!a.wait) return print(io, queued);
  let interrupted = false;
  const stop = io.onInterrupt(() => {
    if (interrupted) return;
    interrupted = true;
    io.err(`\nfluxo: cancelling run ${queued.runId}…\n`);
    void call(io, opts, "POST", `/api/v1/runs/${queued.runId}/cancel`).catch(() => {});
  });
  try {
    await follow(io, opts, queued.runId);
  } finally {
    stop();
  }
  const run = (await call(io, opts, "GET", `/api/v1/runs/${queued.runId}`)) as { status: string };
  print(io, run);
  if (interrupted) throw new CliError(`fluxo: run ${queued.runId} ${run.status} (interrupted)`, EXIT.interrupted);
  if (run.status !== "succeeded")
    throw new CliError(`fluxo: run ${queued.runId} ended ${run.status}`, EXIT.runUnsuccessful);
}

export interface BatchLine {
  /** 1-based line of the file. */
  line: number;
  run: Record<string, unknown>;
}

/** The runs of a JSON Lines file: one object per line, blank lines ignored; a bad line exits 2 naming it. */
export function parseBatchFile(text: string, file: string): BatchLine[] {
  const out: BatchLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw new CliError(`fluxo: ${file} line ${i + 1} is not valid JSON: ${(e as Error).message}`, EXIT.usage);
    }
    if (v === null || typeof v !== "object" || Array.isArray(v) || typeof (v as { task?: unknown }).task !== "string")
      throw new CliError(
        `fluxo: ${file} line ${i + 1} must be a JSON object with a "task" (and "input", options): { "task": "forecast.when", "input": { … } }`,
        EXIT.usage,
      );
    out.push({ line: i + 1, run: v as Record<string, unknown> });
  });
  if (out.length === 0) throw new CliError(`fluxo: ${file} has no runs (one JSON object per line)`, EXIT.usage);
  return out;
}

/** Consecutive requests of at most SUBMIT_LIMITS.batch runs and about `maxBytes` of JSON each. */
export function chunkBatch(lines: readonly BatchLine[], maxBytes = BATCH_REQUEST_BYTES): BatchLine[][] {
  const chunks: BatchLine[][] = [];
  let cur: BatchLine[] = [];
  let bytes = 0;
  for (const l of lines) {
    const size = Buffer.byteLength(JSON.stringify(l.run)) + 1;
    if (cur.length && (cur.length >= SUBMIT_LIMITS.batch || bytes + size > maxBytes)) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(l);
    bytes += size;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

async function submitBatch(io: CliIo, opts: RemoteOptions, file: string): Promise<void> {
  const lines = parseBatchFile(await readInput(file, io), file === "-" ? "stdin" : file);
  const chunks = chunkBatch(lines);
  if (chunks.length > 1)
    io.err(
      `fluxo: ${lines.length.toLocaleString("en")} runs: sending them in ${chunks.length} requests of at most ${SUBMIT_LIMITS.batch.toLocaleString("en")} runs (each request is all or nothing on its own)\n`,
    );
  let index = 0;
  for (const [k, chunk] of chunks.entries()) {
    let runs: { index: number; runId: string | null; status: string | null; error?: string }[];
    try {
      runs = (
        (await call(io, opts, "POST", "/api/v1/runs/batch", { runs: chunk.map((l) => l.run) })) as { runs: typeof runs }
      ).runs;
    } catch (e) {
      throw batchError(e, chunk, k === 0 ? null : chunk[0]!.line);
    }
    for (const r of runs)
      io.out(`${index + r.index} ${r.runId ?? "-"} ${r.status ?? `not queued: ${r.error ?? ""}`}\n`);
    index += chunk.length;
  }
}

/** A refused request, its fields (runs.3.input.backlog) named by the file's line; what was already queued, said. */
function batchError(e: unknown, chunk: readonly BatchLine[], firstUnsent: number | null): unknown {
  if (!(e instanceof CliError)) return e;
  let message = e.message.replace(/^fluxo: /, "");
  if (e instanceof ApiCallError && e.fields.length)
    message = e.fields
      .map((f) => {
        const m = /^runs\.(\d+)(?:\.(.*))?$/.exec(f.path);
        const l = m ? chunk[Number(m[1])]?.line : undefined;
        return l ? `line ${l}${m![2] ? ` (${m![2]})` : ""}: ${f.message}` : `${f.path || "input"}: ${f.message}`;
      })
      .join("\n");
  const done =
    firstUnsent === null
      ? ""
      : `\nthe runs before line ${firstUnsent} were queued (listed above); from line ${firstUnsent} on, none were`;
  return new CliError(`fluxo: ${message}${done}`, e.exitCode);
}
