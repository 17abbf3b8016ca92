/** GET /api/v1/console/health: the job tables' health and admission control's state (admins). */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { ApiError } from "@/api/http";
import { tableHealthView } from "./health.service";

const ZLevel = z.enum(["ok", "warn", "critical"]);
const ZHealthResponse = z.object({
  at: z.string().describe("When it was read (ISO 8601)"),
  verdict: z.object({
    level: ZLevel,
    reasons: z.array(
      z.object({
        code: z.enum(["xmin_horizon", "replication_slot", "dead_ratio", "long_query"]),
        level: ZLevel.exclude(["ok"]),
        message: z.string(),
        value: z.number(),
        limit: z.number(),
      }),
    ),
  }),
  thresholds: z.object({
    xminWarnSeconds: z.number(),
    xminCriticalSeconds: z.number(),
    deadRatioWarn: z.number(),
    deadRatioCritical: z.number(),
    deadMinTuples: z.number(),
    longQuerySeconds: z.number(),
  }),
  tables: z.array(
    z.object({
      table: z.string(),
      liveTuples: z.number(),
      deadTuples: z.number(),
      deadRatio: z.number(),
      lastAutovacuum: z.string().nullable(),
      lastAutoanalyze: z.string().nullable(),
      lastVacuum: z.string().nullable(),
      autovacuumCount: z.number(),
      tableBytes: z.number(),
      indexBytes: z.number(),
      totalBytes: z.number(),
      options: z.array(z.string()).describe("Storage parameters (fillfactor, autovacuum_*)"),
    }),
  ),
  xmin: z
    .array(
      z.object({
        source: z.enum(["backend", "prepared", "replication_slot"]),
        pid: z.number().nullable(),
        name: z.string(),
        state: z.string().nullable(),
        ageSeconds: z.number().nullable(),
        xids: z.number(),
      }),
    )
    .describe("What holds the xmin horizon, the oldest first"),
  longQueries: z.array(
    z.object({
      pid: z.number(),
      name: z.string(),
      state: z.string(),
      seconds: z.number(),
      xactSeconds: z.number().nullable(),
      waitEvent: z.string().nullable(),
      query: z.string(),
    }),
  ),
  admission: z.object({
    shedding: z.boolean().describe("Low-priority submissions are being refused (503)"),
    lowPriorityBelow: z.number(),
    queueWaitLimitS: z.number(),
    retryAfterS: z.number(),
    backedUp: z.array(z.object({ queue: z.string(), oldestWaitS: z.number() })),
  }),
});

export const readHealth = defineRoute({
  method: "GET",
  path: "/api/v1/console/health",
  tags: ["Operations"],
  summary:
    "Job-table health: hot tables (tuples, vacuum, sizes), the xmin horizon, long queries, verdict, admission (admins)",
  responses: { 200: { description: "The health read now", json: ZHealthResponse } },
  handler: async ({ viewer, json }) => {
    if (viewer.role !== "admin") throw new ApiError(403, "FORBIDDEN", "Only an admin may see the job tables' health");
    return json(200, await tableHealthView());
  },
});

export const HEALTH_ROUTES = [readHealth];
