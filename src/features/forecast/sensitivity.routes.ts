/**
 * POST /api/v1/forecasts/sensitivity: a forecast.when input plus backlogChange; queues the chord of
 * forecasts (the base and each variant, one seed) and the merge whose tornado is the parent's result.
 */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { runLinks } from "@/api/http";
import type { Assert, Extends, Jsonified } from "@/api/json";
import { ZForecastSensitivityInput } from "./sensitivity.schemas";
import { startSensitivity } from "./sensitivity.service";

const ZSide = z.enum(["low", "high"]);
const ZSensitivityQueuedResponse = z.object({
  runId: z.uuid().describe("The parent run (a chord workflow); its result is the tornado, its steps the forecasts"),
  seed: z.number().int().min(0).describe("The seed every forecast of the run uses (common random numbers)"),
  forecasts: z.number().int().min(1).describe("forecast.when runs queued: the base and one per variant"),
  variants: z.array(z.object({ factor: z.string(), side: ZSide })),
  skipped: z.array(z.object({ factor: z.string(), side: ZSide, reason: z.string() })),
  links: z.object({ run: z.string(), events: z.string() }),
});
type _Out = Assert<
  Extends<
    Jsonified<Awaited<ReturnType<typeof startSensitivity>>>,
    Omit<z.output<typeof ZSensitivityQueuedResponse>, "links">
  >
>;

export const sensitivityRoute = defineRoute({
  method: "POST",
  path: "/api/v1/forecasts/sensitivity",
  tags: ["Forecasts"],
  summary: "Queue a sensitivity analysis of a 'when' forecast: what moves the P85 date most",
  description:
    "The body is a /api/v1/forecasts/when input (the same limits) plus backlogChange (percent, 1–90, default 20). Each input the forecast has is varied by a stated amount — backlog ± backlogChange %, focus ± 0.1, every split rate × 0.8 and × 1.2, team.current ± 1, each risk off and certain, the S-curve and lead times off — and run as a forecast.when with the same seed as the base (common random numbers); a variant out of bounds is skipped with the reason. Starts a chord workflow (the forecasts, then forecast.sensitivityMerge): the parent run's progress rolls up from its steps, its result is the tornado (per factor, P85 at low and high and the swing, largest first).",
  body: ZForecastSensitivityInput,
  submits: true,
  responses: {
    202: {
      description: "Queued: { runId, seed, forecasts, variants, skipped, links }",
      json: ZSensitivityQueuedResponse,
    },
  },
  handler: async ({ viewer, body, json, tasks }) => {
    const r = await startSensitivity(body, { ownerId: viewer.id, tasks });
    return json(202, { ...r, links: runLinks(r.runId) });
  },
});
