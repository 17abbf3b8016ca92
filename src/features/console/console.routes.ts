/** The HTTP API's operations views (admins): GET /api/v1/queues and GET /api/v1/workers. */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { ApiError } from "@/api/http";
import type { Viewer } from "@/accounts/viewer";
import { queues } from "./queues.service";
import { workers } from "./workers.service";
import { ZQueuesResponse, ZWorkersResponse } from "./console.responses";

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

export const CONSOLE_ROUTES = [listQueues, listWorkers];
