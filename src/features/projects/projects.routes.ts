/** The HTTP API's CSV downloads: a run's result, a project's history, a forecast saved in a project. */
import { defineRoute } from "@/api/route";
import { ZApiError } from "@/api/errors";
import { ZRunId } from "@/features/runs";
import { ZForecastRef, ZProjectId } from "./projects.schemas";
import { historyCsv } from "./projects.service";
import { runResultCsv, savedForecastCsv } from "./export.service";

const tags = ["CSV"];
const CSV = { "text/csv": { type: "string" } };
const noCsv = {
  description: "This result has no CSV (not succeeded, or not a forecast or ETo result)",
  json: ZApiError,
};

/** `text/csv` as an attachment; the name is ASCII already (see fileSlug), quoted for the header. */
function csvResponse({ filename, csv }: { filename: string; csv: string }): Response {
  return new Response(csv, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

export const runCsv = defineRoute({
  method: "GET",
  path: "/api/v1/runs/{id}/result.csv",
  tags,
  summary:
    "A succeeded forecast or eto.compute run's result as CSV (forecasts: facts, percentiles, distribution, …; ETo: a row per day with the inputs and their sources); an ETo or analysis batch's rows (its workflow run): all of them once it succeeded, else the rows computed so far (its partial result; the file is named …-partial.csv and starts with a # line saying how much it holds)",
  params: ZRunId,
  responses: { 200: { description: "The result", media: CSV }, 409: noCsv },
  handler: async ({ viewer, params }) => csvResponse(await runResultCsv(viewer, params.id)),
});

export const historyCsvRoute = defineRoute({
  method: "GET",
  path: "/api/v1/projects/{id}/history.csv",
  tags,
  summary: "A project's throughput history as CSV: period_start,count",
  params: ZProjectId,
  responses: { 200: { description: "The history", media: CSV } },
  handler: async ({ viewer, params }) => csvResponse(await historyCsv(viewer, params.id)),
});

export const savedForecastCsvRoute = defineRoute({
  method: "GET",
  path: "/api/v1/projects/{id}/forecasts/{forecastId}/result.csv",
  tags,
  summary: "A forecast saved in a project, as CSV (kept after its run expires)",
  params: ZForecastRef,
  responses: { 200: { description: "The saved result", media: CSV }, 409: noCsv },
  handler: async ({ viewer, params }) => csvResponse(await savedForecastCsv(viewer, params.id, params.forecastId)),
});

export const PROJECTS_ROUTES = [runCsv, historyCsvRoute, savedForecastCsvRoute];
