/** The HTTP API's workflows: POST /api/v1/workflows starts a chain, group or chord of runs. */
import { defineRoute } from "@/api/route";
import { runLinks } from "@/api/http";
import { ZWorkflowSpec } from "@/runs/workflow";
import { ZQueuedResponse } from "@/features/runs";
import { start } from "./workflows.service";

export const startWorkflowRoute = defineRoute({
  method: "POST",
  path: "/api/v1/workflows",
  tags: ["Runs"],
  summary: "Start a chain, group or chord of runs",
  description:
    "{ kind: chain|group|chord, steps: [{ task, input, weight?, pipe? }], callback? (chord), failurePolicy?: fail-fast|continue }. The answer names the parent run; its steps are its children.",
  body: ZWorkflowSpec,
  submits: true,
  responses: { 202: { description: "Started: the parent run", json: ZQueuedResponse } },
  handler: async ({ viewer, body, json, tasks }) => {
    const r = await start(viewer, body, tasks);
    return json(202, { ...r, links: runLinks(r.runId) });
  },
});

export const WORKFLOWS_ROUTES = [startWorkflowRoute];
