/** The HTTP API's operations views (admins): GET /api/v1/queues and GET /api/v1/workers. */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { ApiError } from "@/api/http";
import type { Viewer } from "@/accounts/viewer";
import { queues } from "./queues.service";
import { drainWorker, workers } from "./workers.service";
import { minutes } from "./minutes.service";
import { ZDrainResponse, ZMinutesResponse, ZQueuesResponse, ZWorkersResponse } from "./console.responses";
import { ZDrainWorkerInput, ZHoursQuery, ZMinutesInput } from "./console.schemas";

const tags = ["Operations"];
const adminOnly = (viewer: Viewer, what: string) => {
  if (viewer.role !== "admin") throw new ApiError(403, "FORBIDDEN", `Only an admin may see ${what}`);
};

export const listQueues = defineRoute({
  method: "GET",
  path: "/api/v1/queues",
  tags,
  summary: "Each queue's limit, paused flag, running and waiting runs (admins)",
  responses: { 200: { description: "{ items }", json: ZQueuesResponse } },
  handler: async ({ viewer, json }) => {
    adminOnly(viewer, "queue statistics");
    return json(200, { items: await queues() });
  },
});

export const listWorkers = defineRoute({
  method: "GET",
  path: "/api/v1/workers",
  tags,
  summary: "Worker processes, live or dead (and stopped ones with stopped=1) (admins)",
  query: z.object({ stopped: z.enum(["0", "1"], { message: "stopped must be 0 or 1" }).optional() }),
  responses: { 200: { description: "{ items }", json: ZWorkersResponse } },
  handler: async ({ viewer, query, json }) => {
    adminOnly(viewer, "workers");
    return json(200, { items: await workers({ includeStopped: query.stopped === "1" }) });
  },
});

export const drainWorkerRoute = defineRoute({
  method: "POST",
  path: "/api/v1/workers/{id}/drain",
  tags,
  summary: "Drain a worker (admins): it finishes its runs, takes no new ones, and exits",
  params: ZDrainWorkerInput,
  responses: { 202: { description: "Drain asked; the worker sees it at its next beat", json: ZDrainResponse } },
  handler: async ({ viewer, params, json }) => {
    adminOnly(viewer, "workers");
    return json(202, await drainWorker(params.id));
  },
});

export const runMinutes = defineRoute({
  method: "GET",
  path: "/api/v1/stats/minutes",
  tags,
  summary: "Runs started / ended / failed and queue-wait p50 / p95 per minute, last 1–24 h (admins)",
  query: z.object({
    hours: ZHoursQuery.optional(),
    queue: ZMinutesInput.shape.queue,
    task: ZMinutesInput.shape.task,
  }),
  responses: { 200: { description: "Every minute of the window", json: ZMinutesResponse } },
  handler: async ({ viewer, query, json }) => {
    adminOnly(viewer, "run statistics");
    return json(200, await minutes({ hours: query.hours ?? 24, queue: query.queue, task: query.task }));
  },
});

export const CONSOLE_ROUTES = [listQueues, listWorkers, drainWorkerRoute, runMinutes];
