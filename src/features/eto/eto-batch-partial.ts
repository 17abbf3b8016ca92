/**
 * An ETo batch's partial result (the workflow parent's, declared by eto.mergeBatch): one compact row
 * per place done so far — its place, days and ETo summary — in the order the places were given, the
 * places that failed, and the places still missing (as ranges of their numbers in the batch). Each
 * chunk run that succeeds adds its places; the full daily rows stay in the chunks' results (the CSV
 * reads them). Pure and client-safe: the run page parses it with ZEtoBatchPartial.
 */
import { z } from "zod";
import { sliceSizes } from "@/domain/shared/chunks";
import { isRecord } from "@/domain/shared/guards";
import type { MembersPartial } from "@/runs/define-task";
import type { TEtoChunkResult } from "./eto.output";

const ZRow = z.object({
  /** The place's number in the batch, from 0. */
  index: z.number().int().min(0),
  locationId: z.string().nullable(),
  name: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  start: z.string(),
  end: z.string(),
  days: z.number(),
  totalMm: z.number(),
  meanMm: z.number(),
  minMm: z.number(),
  maxMm: z.number(),
});
export type EtoBatchRow = z.infer<typeof ZRow>;

export const ZEtoBatchPartial = z.object({
  kind: z.literal("etoBatch"),
  /** Places in the batch. */
  places: z.number().int().min(0),
  /** The chunk steps merged in so far. */
  steps: z.array(z.number().int().min(0)),
  rows: z.array(ZRow),
  failed: z.array(z.object({ index: z.number(), name: z.string().nullable(), message: z.string() })),
  /** Places without a row yet, as inclusive ranges [first, last] of their numbers (from 0). */
  missing: z.array(z.tuple([z.number(), z.number()])),
});
export type EtoBatchPartial = z.infer<typeof ZEtoBatchPartial>;

type Place = NonNullable<TEtoChunkResult["rows"][number]>;

function rowOf(index: number, p: Place): EtoBatchRow {
  const s = p.summary;
  return {
    index,
    locationId: p.location.id,
    name: p.location.name,
    latitude: p.location.latitude,
    longitude: p.location.longitude,
    start: p.range.start,
    end: p.range.end,
    days: s.days,
    totalMm: s.totalMm,
    meanMm: s.meanMm,
    minMm: s.minMm,
    maxMm: s.maxMm,
  };
}

/** Inclusive ranges of the numbers in 0..n-1 that `has` does not hold. */
function gaps(n: number, has: (i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (has(i)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/**
 * `prev` (null: none yet) with the chunk results in `results` (by step) added: a step merged already,
 * or a place that has a row already, is ignored; a result that is not a chunk's of the right size
 * adds nothing. `chunks`/`places` are eto.mergeBatch's input (step j holds the j-th slice).
 */
export function mergeEtoBatchPartial(
  input: { chunks: number; places: number },
  prev: EtoBatchPartial | null,
  results: ReadonlyMap<number, unknown>,
): EtoBatchPartial {
  const sizes = sliceSizes(input.places, input.chunks);
  const firsts = sizes.map((_, j) => sizes.slice(0, j).reduce((a, b) => a + b, 0));
  const steps = new Set(prev?.steps ?? []);
  const rows = new Map((prev?.rows ?? []).map((r) => [r.index, r]));
  const failed = new Map((prev?.failed ?? []).map((f) => [f.index, f]));
  for (const [step, r] of [...results].sort((a, b) => a[0] - b[0])) {
    if (steps.has(step) || step < 0 || step >= sizes.length) continue;
    if (!(isRecord(r) && Array.isArray(r.rows) && r.rows.length === sizes[step])) continue;
    const chunk = r as TEtoChunkResult;
    steps.add(step);
    chunk.rows.forEach((place, i) => {
      const index = firsts[step]! + i;
      if (place && !rows.has(index)) rows.set(index, rowOf(index, place));
    });
    for (const f of chunk.failed) if (!rows.has(f.index) && !failed.has(f.index)) failed.set(f.index, f);
  }
  const byIndex = <T extends { index: number }>(m: Map<number, T>) => [...m.values()].sort((a, b) => a.index - b.index);
  return {
    kind: "etoBatch",
    places: input.places,
    steps: [...steps].sort((a, b) => a - b),
    rows: byIndex(rows),
    failed: byIndex(failed),
    missing: gaps(input.places, (i) => rows.has(i) || failed.has(i)),
  };
}

/** eto.mergeBatch's declaration: the batch's rows so far as its chunks succeed ("12 of 40 locations"). */
export const etoBatchMembersPartial: MembersPartial = {
  stepsIn: (partial) => ZEtoBatchPartial.safeParse(partial).data?.steps ?? [],
  merge: ({ input, partial, results }) => {
    const i = input as { chunks: number; places: number };
    const p = mergeEtoBatchPartial(i, ZEtoBatchPartial.safeParse(partial).data ?? null, results);
    return { result: p, done: { count: p.rows.length, total: p.places, unit: "locations" } };
  },
};
