/**
 * The JSON the console's HTTP API answers with (GET /api/v1/queues, /api/v1/workers), as zod output
 * schemas; each one is proved at compile time, at the bottom, to fit its service.
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import type { queues } from "./queues.service";
import type { drainWorker, workers } from "./workers.service";
import type { minutes } from "./minutes.service";

const ZDateTime = z.iso.datetime();

export const ZQueuesResponse = z.object({
  items: z.array(
    z.object({
      name: z.string().describe("The queue (default, data_collection, analysis, reports)"),
      concurrency: z.int().min(0).describe("At most this many of its runs run at once, across all workers"),
      paused: z.boolean().describe("A paused queue starts no run"),
      running: z.int().min(0).describe("Its slots held by runs now"),
      waiting: z.int().min(0).describe("Its runs ready to start: queued, retrying, or scheduled and due"),
    }),
  ),
});

const WORKER_STATES = ["live", "draining", "dead", "stopped"] as const;

export const ZWorkersResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      pid: z.int(),
      queues: z.array(z.string()).describe("The queues it takes runs from"),
      concurrency: z.int().describe("Runs it executes at once"),
      state: z
        .enum(WORKER_STATES)
        .describe(
          "live: beating; draining: finishing its runs, taking no new ones, then exiting; dead: its beats stopped (not yet swept); stopped: ended, or swept as dead",
        ),
      startedAt: ZDateTime,
      lastBeatAt: ZDateTime,
      stoppedAt: ZDateTime.nullable(),
      drainRequestedAt: ZDateTime.nullable().describe(
        "When an admin asked it to drain (POST /api/v1/workers/{id}/drain)",
      ),
      uptimeS: z.int().describe("Seconds from its start to now (or to when it stopped)"),
      running: z
        .array(z.object({ id: z.uuid(), task: z.string() }))
        .describe("Runs it holds now (running or being cancelled), oldest start first"),
    }),
  ),
});

export const ZDrainResponse = z.object({
  id: z.string(),
  drainRequestedAt: ZDateTime.describe("When the drain was first asked (asking again keeps it)"),
});

export const ZMinutesResponse = z.object({
  hours: z.int().min(1).max(24),
  queue: z.string().nullable(),
  task: z.string().nullable(),
  minutes: z
    .array(
      z.object({
        minute: ZDateTime,
        started: z.int().min(0).describe("Attempts started in this minute"),
        ended: z.int().min(0).describe("Runs that ended (succeeded, failed, cancelled or dead)"),
        failed: z.int().min(0).describe("Runs that ended failed or dead"),
        waitP50Ms: z.number().nullable().describe("Median queue wait of the attempts started (bucketed, interpolated)"),
        waitP95Ms: z.number().nullable(),
      }),
    )
    .describe("Every minute of the window, oldest first, zeros included"),
  totals: z.object({
    started: z.int(),
    ended: z.int(),
    failed: z.int(),
    waitP50Ms: z.number().nullable(),
    waitP95Ms: z.number().nullable(),
  }),
  queues: z.array(z.string()).describe("Queues seen in the window"),
  tasks: z.array(z.string()).describe("Tasks seen in the window"),
  at: ZDateTime,
});

// Compile-time proofs: each service's value, as JSON, is what its schema describes.
type _Queues = Assert<
  Extends<Jsonified<{ items: Awaited<ReturnType<typeof queues>> }>, z.output<typeof ZQueuesResponse>>
>;
type _Workers = Assert<
  Extends<Jsonified<{ items: Awaited<ReturnType<typeof workers>> }>, z.output<typeof ZWorkersResponse>>
>;
// And the worker states are exactly the service's.
type _States = Assert<Extends<(typeof WORKER_STATES)[number], Awaited<ReturnType<typeof workers>>[number]["state"]>>;
type _Drain = Assert<Extends<Jsonified<Awaited<ReturnType<typeof drainWorker>>>, z.output<typeof ZDrainResponse>>>;
type _Minutes = Assert<Extends<Jsonified<Awaited<ReturnType<typeof minutes>>>, z.output<typeof ZMinutesResponse>>>;
