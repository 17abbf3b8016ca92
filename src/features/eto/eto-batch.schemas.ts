/** eto.startBatch / POST /api/v1/eto/batch: many places, one range, one group workflow. */
import { z } from "zod";
import { FAILURE_POLICIES } from "@/runs/workflow";
import { checkRangeFields, pointFields, rangeFields, uuid } from "./eto-compute.schemas";

/** Places per batch (a run each). */
export const MAX_BATCH_LOCATIONS = 100;
const N = MAX_BATCH_LOCATIONS;

export const ZEtoBatchInput = z
  .object({
    /** Saved locations of the viewer's own. */
    locationIds: z
      .array(uuid("locationIds"), { error: "locationIds must be a list of location ids" })
      .min(1, "locationIds must name at least one location")
      .max(N, `locationIds: at most ${N} locations per batch`)
      .refine((ids) => new Set(ids).size === ids.length, "locationIds must not repeat a location")
      .optional(),
    /** Points given by coordinates (elevation looked up by each run when left out). */
    points: z
      .array(z.object(pointFields, { error: "points must be objects with latitude and longitude" }), {
        error: "points must be a list of { latitude, longitude, elevation?, name? }",
      })
      .min(1, "points must hold at least one point")
      .max(N, `points: at most ${N} points per batch`)
      .optional(),
    ...rangeFields,
    /** "continue" (default): every place is computed even when one fails; "fail-fast": the first failure cancels the rest. */
    failurePolicy: z
      .enum(FAILURE_POLICIES, { error: `failurePolicy must be one of ${FAILURE_POLICIES.join(", ")}` })
      .default("continue"),
  })
  .superRefine((v, ctx) => {
    if ((v.locationIds === undefined) === (v.points === undefined))
      ctx.addIssue({
        code: "custom",
        path: [v.locationIds === undefined ? "locationIds" : "points"],
        message: "give either locationIds (saved locations) or points, not both",
      });
    checkRangeFields(v, ctx);
  });
export type TEtoBatchInput = z.output<typeof ZEtoBatchInput>;
