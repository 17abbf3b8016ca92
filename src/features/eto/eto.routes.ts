/** The HTTP API's ETo: POST /api/v1/eto/compute (one location) and /api/v1/eto/batch (many, as a group). */
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
  summary: "Queue reference evapotranspiration (FAO-56) for many locations: a group workflow of eto.compute runs",
  description:
    "locationIds (1..100 saved locations of your own) or points (1..100 of { latitude, longitude, elevation?, name? }), and the days as for /api/v1/eto/compute (start..end, lastDays or period — resolved in each location's zone), sources, method, gapMaxDays, weights; failurePolicy continue (default) or fail-fast. Every location is checked before anything is queued. Starts a group workflow whose steps are eto.compute runs, one per location in the order given; the parent run's result is their results in that order, its children at GET /api/v1/runs/{id}.",
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
    return json(202, { ...r, links: runLinks(r.runId) });
  },
});

export const ETO_ROUTES = [etoCompute, etoBatch];
