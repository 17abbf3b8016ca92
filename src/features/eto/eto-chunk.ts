/**
 * A batch's chunk run (eto.computeChunk): its places computed a few at a time, each exactly as one
 * eto.compute would (same pipeline, same cached sources), its progress the mean of its places'; and
 * the batch's merge (eto.mergeBatch): the chunks' rows back in the order the places were given.
 */
import { ZodError } from "zod";
import { sliceSizes } from "@/domain/shared/chunks";
import { isRecord } from "@/domain/shared/guards";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import { listChildResults } from "@/runs/run-tree.repository";
import type { TEtoChunkInput, TEtoMergeInput } from "./eto-batch.schemas";
import { computeEto, type ComputeContext, type ComputeDeps } from "./eto-compute";
import type { TEtoComputeTaskInput } from "./eto-compute.schemas";
import type { TEtoChunkResult } from "./eto.output";
import { resolveQueued } from "./eto-resolve";

/**
 * Places of one chunk computed at once: fetching is waiting on the sources, so a few overlap (a
 * batch of 100 places is two chunks, and still has 8 places in flight); more would only queue on
 * the sources' own rate limits.
 */
export const PLACES_AT_ONCE = 4;

type Row = TEtoChunkResult["rows"][number];

/** "place 17 (Campinas)", or by its coordinates when it has no name. */
const placeLabel = (index: number, loc: TEtoComputeTaskInput["location"]) =>
  `place ${index + 1} (${loc.name ?? `${loc.latitude}, ${loc.longitude}`})`;

export async function computeChunk(
  input: TEtoChunkInput,
  ctx: ComputeContext,
  deps: ComputeDeps & { now: Date },
): Promise<TEtoChunkResult> {
  const n = input.places.length;
  const rows: Row[] = Array.from({ length: n }, () => null);
  const failed: TEtoChunkResult["failed"] = [];
  const progress = new Float64Array(n);
  let done = 0;
  // Aborts with the run (cancel, timeout) or when one place stops the chunk (fail-fast, an unexpected error).
  const stop = new AbortController();
  const follow = () => stop.abort(ctx.signal.reason);
  ctx.signal.addEventListener("abort", follow, { once: true });
  let fatal: { error: unknown } | null = null;
  const halt = (error: unknown) => {
    fatal ??= { error };
    stop.abort("stopped");
  };
  const report = (label: string, stage: string | undefined) =>
    ctx.progress(
      progress.reduce((a, b) => a + b, 0) / n,
      "place",
      `${done} of ${n} places done; ${label}${stage ? `: ${stage}` : ""}`,
    );

  async function one(i: number) {
    const place = input.places[i]!;
    const index = input.first + i;
    const label = placeLabel(index, place.location);
    try {
      let resolved;
      try {
        resolved = resolveQueued(place, deps.now);
      } catch (e) {
        if (e instanceof ZodError) throw new NonRetriableError(e.issues[0]?.message ?? "invalid input", { cause: e });
        throw e;
      }
      const sub: ComputeContext = {
        signal: stop.signal,
        progress: (f, stage) => {
          progress[i] = Math.min(1, Math.max(0, f));
          report(label, stage);
        },
        log: (m, level) => ctx.log(`${label}: ${m}`, level),
      };
      rows[i] = await computeEto(resolved, sub, deps);
    } catch (e) {
      if (stop.signal.aborted) return; // the run's cancel, or a sibling stopped the chunk: said there
      if (!(e instanceof NonRetriableError)) return halt(e); // retriable: the chunk is retried whole
      if (input.failFast) return halt(new NonRetriableError(`${label}: ${e.message}`, { cause: e }));
      failed.push({ index, name: place.location.name, message: e.message });
      await ctx.log(`${label} failed: ${e.message}`, "warn");
    }
    progress[i] = 1;
    done++;
    report(label, rows[i] ? "done" : "failed");
  }

  let next = 0;
  const lane = async () => {
    while (!stop.signal.aborted && next < n) await one(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PLACES_AT_ONCE, n) }, lane));
  } finally {
    ctx.signal.removeEventListener("abort", follow);
  }
  ctx.signal.throwIfAborted();
  if (fatal) throw (fatal as { error: unknown }).error;
  failed.sort((a, b) => a.index - b.index);
  return { rows, failed };
}

/** Failures named in a merge's error, at most (the count says how many more). */
const NAMED_FAILURES = 10;

/**
 * The batch's rows in the order its places were given, from the chunk results by step (step j holds
 * the j-th slice: its size follows from the place and chunk counts). Any place without a row — it
 * failed, or its chunk did not succeed — fails the merge, naming the places.
 */
export function mergeChunkRows(input: TEtoMergeInput, byStep: ReadonlyMap<number, unknown>): NonNullable<Row>[] {
  const rows: NonNullable<Row>[] = [];
  const failures: string[] = [];
  let missing = 0;
  let first = 0;
  sliceSizes(input.places, input.chunks).forEach((size, j) => {
    const r = byStep.get(j);
    const chunk = isRecord(r) && Array.isArray(r.rows) && r.rows.length === size ? (r as TEtoChunkResult) : null;
    if (!chunk) {
      missing += size;
      failures.push(`places ${first + 1}..${first + size} (step ${j + 1}) have no result: that step did not succeed`);
    } else {
      const why = new Map(chunk.failed.map((f) => [f.index, f]));
      chunk.rows.forEach((row, i) => {
        if (row) return void rows.push(row);
        missing++;
        const f = why.get(first + i);
        failures.push(`place ${first + i + 1}${f?.name ? ` (${f.name})` : ""}: ${f?.message ?? "no result"}`);
      });
    }
    first += size;
  });
  if (missing) {
    const more = failures.length - NAMED_FAILURES;
    throw new NonRetriableError(
      `${missing} of ${input.places} places did not succeed: ${failures.slice(0, NAMED_FAILURES).join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
    );
  }
  return rows;
}

/** eto.mergeBatch: the rows of the chunk runs beside it (its parent's other steps), in the order given. */
export async function mergeBatch(runId: string, input: TEtoMergeInput): Promise<NonNullable<Row>[]> {
  const parentId = (await findRun(runId))?.parentId;
  if (!parentId)
    throw new NonRetriableError("eto.mergeBatch merges an ETo batch's chunks: it runs only as the batch's last step");
  return mergeChunkRows(input, await listChildResults(parentId));
}
