/** The HTTP API's ETo: POST /api/v1/eto/compute (one location) and /api/v1/eto/batch (many, in chunk runs). */
import { defineRoute } from "@/api/route";
import { runLinks } from "@/api/http";
import { ZEtoStartInput } from "./eto-compute.schemas";
import { ZEtoBatchInput } from "./eto-batch.schemas";
import { startCompute } from "./eto.service";
import { startBatch } from "./eto-batch.service";
import { ZEtoBatchQueuedResponse, ZEtoQueuedResponse } from "./eto.responses";

const tags = ["ETo"];

export const etoCompute = defineRoute({
  method: "POST",
  path: "/api/v1/eto/compute",
  tags,
  summary: "Queue a reference evapotranspiration (FAO-56) run over fused weather sources",
  description:
    "A saved location (locationId) or a point (latitude, longitude, elevation? — looked up when left out), the days as start..end (YYYY-MM-DD, at most 366 days, within the chosen sources' coverage) or lastDays (1..366: the full days ending yesterday in the location's zone, America/Sao_Paulo when it has none) or period (last-month, this-month = the 1st to today, next-7-days) — exactly one form; the result's range gives the resolved days, sources (default by date), method fao56|asce, gapMaxDays, weights. The run's result: daily ETo with the fused inputs and per-variable provenance, a summary and the comparison with Open-Meteo's et0; CSV at /api/v1/runs/{id}/result.csv.",
  body: ZEtoStartInput,
  submits: true,
  responses: { 202: { description: "Queued: { runId, sources, links }", json: ZEtoQueuedResponse } },
  handler: async ({ viewer, body, json }) => {
    const r = await startCompute(viewer, body);
    return json(202, {
      ...r,
      links: runLinks(r.runId, { csv: `/api/v1/runs/${r.runId}/result.csv` }),
    });
  },
});

export const etoBatch = defineRoute({
  method: "POST",
  path: "/api/v1/eto/batch",
  tags,
  summary:
    "Queue reference evapotranspiration (FAO-56) for many locations: a chord of chunk runs (up to 10,000 locations)",
  description:
    "locationIds (1..10,000 saved locations of your own) or points (1..10,000 of { latitude, longitude, elevation?, name? }), and the days as for /api/v1/eto/compute (start..end, lastDays or period — resolved in each location's zone), sources, method, gapMaxDays, weights; at most 50,000 place-days (places × days) per batch; failurePolicy continue (default) or fail-fast; chunkSize (1..200, default 50): the most places one chunk run computes (at most 499 chunks). Every location is checked before anything is queued. Starts a chord workflow: eto.computeChunk runs (the places cut into chunks of near-equal size, in the order given; any worker takes any chunk), then eto.mergeBatch; the parent run's result is every location's eto.compute result in the order given; its steps at GET /api/v1/runs/{id}. While it runs, its partial result holds the locations done so far (in the order given, with those still missing); a cancelled batch keeps them. CSV of the rows (a row per location and day) at /api/v1/runs/{id}/result.csv: every location once it succeeded, else those done so far (…-partial.csv).",
  body: ZEtoBatchInput,
  submits: true,
  responses: {
    202: {
      description: "Queued: { runId (the parent run), children: [{ locationId, name, start, end, sources }], links }",
      json: ZEtoBatchQueuedResponse,
    },
  },
  handler: async ({ viewer, body, json, tasks }) => {
    const r = await startBatch(viewer, body, tasks);
    return json(202, { ...r, links: runLinks(r.runId, { csv: `/api/v1/runs/${r.runId}/result.csv` }) });
  },
});

export const ETO_ROUTES = [etoCompute, etoBatch];
