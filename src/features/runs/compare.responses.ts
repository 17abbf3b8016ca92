/** The JSON of GET /api/v1/runs/compare, as a zod output schema (OpenAPI, contract checks), proved to fit its service. */
import { z } from "zod";
import { RUN_STATUSES } from "@/runs/status";
import type { Assert, Extends, Jsonified } from "@/api/json";
import type { compareRuns } from "./compare.service";
import { ZRunPartialResponse, ZRunResponse } from "./runs.responses";

const ZValue = z.union([z.number(), z.string()]).nullable();

export const ZRunComparisonResponse = z.object({
  task: z.string().describe("The task every compared run is of"),
  runs: z
    .array(
      z.object({
        id: z.uuid(),
        task: z.string(),
        status: z.enum(RUN_STATUSES),
        createdAt: z.iso.datetime(),
        finishedAt: z.iso.datetime().nullable(),
        cachedFromId: z.uuid().nullable(),
        error: z.object({ name: z.string(), message: z.string() }).nullable(),
        input: z.unknown(),
        result: z.unknown().describe("null until the run succeeds; see `partial` for what a stopped run kept"),
        partial: ZRunPartialResponse,
        provenance: ZRunResponse.shape.provenance,
      }),
    )
    .describe("The runs in the order asked"),
  inputs: z
    .array(
      z.object({
        path: z.string().describe("The input field, e.g. backlog or risks[0].probability"),
        values: z.array(z.unknown()).describe("Its value in each run, in the runs' order (null when absent)"),
        changed: z.boolean(),
      }),
    )
    .describe("Every leaf field of the inputs, field by field"),
  outputs: z
    .array(
      z.object({
        key: z.string().describe("What lines the number up across runs, e.g. periods.P85"),
        name: z.string(),
        of: z.string().optional(),
        label: z.string().describe("e.g. P85 (periods)"),
        kind: z.enum(["number", "date"]).describe("date: values are ISO days, deltas are days"),
        unit: z.string().optional(),
        values: z.array(ZValue).describe("One per run (null when the run has none)"),
        deltas: z.array(z.number().nullable()).describe("Each run's value minus the first run's; null for the first"),
      }),
    )
    .describe("The numbers of the results that matter for the task, side by side"),
  engineVersionsDiffer: z.boolean().describe("The runs were computed by different engine versions"),
});

type _Comparison = Assert<
  Extends<Jsonified<Awaited<ReturnType<typeof compareRuns>>>, z.output<typeof ZRunComparisonResponse>>
>;
