/**
 * eto.startBatch / POST /api/v1/eto/batch: many places, one range, a chord of chunk runs; and the
 * inputs of its steps (eto.computeChunk, eto.mergeBatch).
 */
import { z } from "zod";
import { FAILURE_POLICIES, MAX_WORKFLOW_STEPS } from "@/runs/workflow";
import { checkRangeFields, pointFields, rangeFields, uuid, ZEtoComputeTaskInput } from "./eto-compute.schemas";

export const ETO_BATCH_LIMITS = {
  /** Places per batch. */
  maxPlaces: 10_000,
  /**
   * Places per chunk run, at most. The default 50 makes 10,000 places 200 runs (not one giant run,
   * not 10,000 tiny ones); at most 200 because a chunk is one run: its result holds all its places'
   * days and its places must finish inside its time limit.
   */
  chunkSize: [1, 200] as const,
  defaultChunkSize: 50,
  /** Chunk runs per batch: a workflow has at most MAX_WORKFLOW_STEPS steps, one of them the merge. */
  maxChunks: MAX_WORKFLOW_STEPS - 1,
  /**
   * Places × days per batch. The merged result is one stored value of about 1.6 KB a place-day:
   * 50,000 keep it near 80 MB of JSON (12 MB stored; 10,000 places × 5 days measured), not far
   * above the biggest batch before chunks (100 places × 366 days, about 60 MB).
   */
  maxPlaceDays: 50_000,
} as const;
const L = ETO_BATCH_LIMITS;
const N = L.maxPlaces;
const [MIN_CHUNK, MAX_CHUNK] = L.chunkSize;

export const ZEtoBatchInput = z
  .object({
    /** Saved locations of the viewer's own. */
    locationIds: z
      .array(uuid("locationIds"), { error: "locationIds must be a list of location ids" })
      .min(1, "locationIds must name at least one location")
      .max(N, `locationIds: at most ${N.toLocaleString("en")} locations per batch`)
      .refine((ids) => new Set(ids).size === ids.length, "locationIds must not repeat a location")
      .optional(),
    /** Points given by coordinates (elevation looked up by each run when left out). */
    points: z
      .array(z.object(pointFields, { error: "points must be objects with latitude and longitude" }), {
        error: "points must be a list of { latitude, longitude, elevation?, name? }",
      })
      .min(1, "points must hold at least one point")
      .max(N, `points: at most ${N.toLocaleString("en")} points per batch`)
      .optional(),
    ...rangeFields,
    /** "continue" (default): every place is computed even when one fails; "fail-fast": the first failure cancels the rest. */
    failurePolicy: z
      .enum(FAILURE_POLICIES, { error: `failurePolicy must be one of ${FAILURE_POLICIES.join(", ")}` })
      .default("continue"),
    /** Places per chunk run, at most (the places are cut into chunks of near-equal size). */
    chunkSize: z
      .number({ error: "chunkSize must be a number of places" })
      .refine(
        (n) => Number.isInteger(n) && n >= MIN_CHUNK && n <= MAX_CHUNK,
        `chunkSize must be a whole number within ${MIN_CHUNK}..${MAX_CHUNK}`,
      )
      .default(L.defaultChunkSize),
  })
  .superRefine((v, ctx) => {
    if ((v.locationIds === undefined) === (v.points === undefined))
      ctx.addIssue({
        code: "custom",
        path: [v.locationIds === undefined ? "locationIds" : "points"],
        message: "give either locationIds (saved locations) or points, not both",
      });
    const places = (v.locationIds ?? v.points)?.length ?? 0;
    if (Number.isInteger(v.chunkSize) && Math.ceil(places / v.chunkSize) > L.maxChunks)
      ctx.addIssue({
        code: "custom",
        path: ["chunkSize"],
        message: `chunkSize: ${places} places in chunks of at most ${v.chunkSize} make ${Math.ceil(places / v.chunkSize)} runs; at most ${L.maxChunks} per batch (chunkSize ${Math.ceil(places / L.maxChunks)} or more)`,
      });
    checkRangeFields(v, ctx);
  });
export type TEtoBatchInput = z.output<typeof ZEtoBatchInput>;

/** One chunk run of a batch: its places (queued eto.compute inputs) and where they start in the batch. */
export const ZEtoChunkInput = z.object({
  places: z
    .array(ZEtoComputeTaskInput)
    .min(1, "places must hold at least one place")
    .max(MAX_CHUNK, `places: at most ${MAX_CHUNK} per chunk`),
  /** The batch index of places[0] (messages name a place by its number in the batch). */
  first: z
    .number()
    .int()
    .min(0)
    .max(N - 1, `first must be within 0..${N - 1}`),
  /** Stop at the first place that fails (the batch's fail-fast policy); else record it and go on. */
  failFast: z.boolean(),
});
export type TEtoChunkInput = z.output<typeof ZEtoChunkInput>;

/** The batch's last step: the chunks' rows merged, in the order the places were given. */
export const ZEtoMergeInput = z.object({
  chunks: z.number().int().min(1).max(L.maxChunks, `chunks must be within 1..${L.maxChunks}`),
  places: z.number().int().min(1).max(N, `places must be within 1..${N}`),
});
export type TEtoMergeInput = z.output<typeof ZEtoMergeInput>;
