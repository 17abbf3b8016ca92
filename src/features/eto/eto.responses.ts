/**
 * Output contracts of the HTTP API's ETo endpoints: the JSON POST /api/v1/eto/compute and
 * POST /api/v1/eto/batch answer (202, the runs queued).
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import { WEATHER_SOURCES } from "@/domain/eto/weather";
import type { startBatch } from "./eto-batch.service";
import type { startCompute } from "./eto.service";

const ZSources = z
  .array(z.enum(WEATHER_SOURCES))
  .describe("The weather sources the run fuses: the ones asked for, else the default for the days");

/** POST /api/v1/eto/compute (202): the eto.compute run queued. */
export const ZEtoQueuedResponse = z.object({
  runId: z.uuid(),
  sources: ZSources,
  links: z.object({ run: z.string(), events: z.string(), csv: z.string() }),
});

/** One place of a batch: with the days and sources fixed at submit time (its chunk computes it as eto.compute would). */
const ZEtoBatchChild = z.object({
  locationId: z.uuid().nullable().describe("The saved location (null: a point given by coordinates)"),
  name: z.string().nullable(),
  start: z.iso.date(),
  end: z.iso.date(),
  sources: ZSources,
});

/** POST /api/v1/eto/batch (202): the workflow's parent run, and each place in the order given. */
export const ZEtoBatchQueuedResponse = z.object({
  runId: z.uuid().describe("The parent (workflow.chord) run: its result is every place's result in the order given"),
  children: z.array(ZEtoBatchChild),
  links: z.object({ run: z.string(), events: z.string(), csv: z.string() }),
});

// ---- compile-time checks: each service's answer, as JSON, fits its schema ----
type _Compute = Assert<
  Extends<Jsonified<Awaited<ReturnType<typeof startCompute>>>, Omit<z.output<typeof ZEtoQueuedResponse>, "links">>
>;
type _Batch = Assert<
  Extends<Jsonified<Awaited<ReturnType<typeof startBatch>>>, Omit<z.output<typeof ZEtoBatchQueuedResponse>, "links">>
>;
