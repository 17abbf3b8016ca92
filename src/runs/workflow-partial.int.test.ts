/**
 * A chord whose callback declares membersPartial: the parent's partial result is filled from its
 * members as they succeed — every member exactly once, however many end at once on 8 worker slots
 * (the compare-and-set: five advancers at once write once), persisted as partial events; kept, final, when the workflow is cancelled; and
 * a chord without the declaration writes no partial at all. Real Postgres and Graphile Worker.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import { closeConnections } from "@/test/close-connections";
import { ended, useTestDatabase } from "@/test/run-modules";
import { defineTask, type AnyTask, type MembersPartial } from "./define-task";

interface Collected {
  steps: number[];
  values: number[];
}
const asCollected = (p: unknown): Collected => (p as Collected | null) ?? { steps: [], values: [] };

/** The members' values by step so far; a step held already is left alone. */
const collectPartial: MembersPartial = {
  stepsIn: (p) => asCollected(p).steps,
  merge: ({ partial, results, members }) => {
    const prev = asCollected(partial);
    const by = new Map(prev.steps.map((s, i) => [s, prev.values[i]!]));
    for (const [step, v] of results) if (!by.has(step)) by.set(step, Number(v));
    const steps = [...by.keys()].sort((a, b) => a - b);
    return {
      result: { steps, values: steps.map((s) => by.get(s)!) },
      done: { count: steps.length, total: members, unit: "steps" },
    };
  },
};

const collectTask = defineTask({
  name: "test.collect",
  queue: "default",
  input: z.object({ values: z.array(z.number().nullable()) }),
  output: z.number(),
  retry: { attempts: 1 },
  handler: (input) => input.values.length,
  membersPartial: collectPartial,
});

let catalog: import("./task-catalog").TaskCatalog;
let worker: FluxoWorker;
let m: {
  wf: typeof import("./workflow");
  cancel: typeof import("./cancel");
  events: typeof import("./run-events.repository");
  partial: typeof import("./run-partial.repository");
};

beforeAll(async () => {
  useTestDatabase();
  m = {
    wf: await import("./workflow"),
    cancel: await import("./cancel"),
    events: await import("./run-events.repository"),
    partial: await import("./run-partial.repository"),
  };
  const tasks: AnyTask[] = [...(await import("@/test/test-tasks")).testTasks, collectTask as AnyTask];
  catalog = (await import("./task-catalog")).taskCatalog(tasks);
  const q = await import("./queue.repository");
  await q.updateQueue("default", { concurrency: 64, paused: false });
  worker = await startTestWorker(testDatabaseUrl(), tasks, 8);
});

afterAll(async () => {
  await worker?.stop();
  const q = await import("./queue.repository");
  await q.updateQueue("default", { concurrency: 8 });
  await closeConnections();
  resetEnvCache();
});

const start = (spec: unknown) => m.wf.startWorkflow(m.wf.ZWorkflowSpec.parse(spec), { ownerId: null, tasks: catalog });
const partialEvents = async (id: string) =>
  (await m.events.listEvents(id))
    .filter((e) => e.type === "partial")
    .map((e) => e.payload as { done: { count: number } });

describe("a workflow's partial result from its members", { timeout: 60_000 }, () => {
  it("holds every member that succeeded exactly once, however many end at once", async () => {
    const steps = Array.from({ length: 24 }, (_, i) => ({
      task: "test.add",
      input: { n: i + 1, delayMs: 5 * (i % 4) },
    }));
    const p = await start({ kind: "chord", steps, callback: { task: "test.collect", input: {}, pipe: "values" } });
    const done = await waitForRun(p.id, (r) => ended(r.status));
    expect(done.status).toBe("succeeded");
    const kept = await m.partial.findPartial(p.id);
    expect(kept!.result).toEqual({
      steps: Array.from({ length: 24 }, (_, i) => i),
      values: Array.from({ length: 24 }, (_, i) => i + 1),
    });
    expect(kept!.done).toEqual({ count: 24, total: 24, unit: "steps" });
    expect(kept!.final).toBe(true);
    const counts = (await partialEvents(p.id)).map((e) => e.done.count);
    expect(counts.length).toBeGreaterThanOrEqual(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // never a row dropped by a later write
    expect(counts[counts.length - 1]).toBe(24);
  });

  it("cancelled, the workflow keeps the members done so far, final", async () => {
    const steps = [
      ...Array.from({ length: 4 }, (_, i) => ({ task: "test.add", input: { n: i + 1 } })),
      { task: "test.add", input: { n: 100, delayMs: 5000 } },
    ];
    const p = await start({ kind: "chord", steps, callback: { task: "test.collect", input: {}, pipe: "values" } });
    // the four quick members are in; the slow one still runs (a state reached, not a time waited)
    for (let i = 0; i < 600 && (await m.partial.findPartial(p.id))?.done?.count !== 4; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await m.partial.findPartial(p.id))?.done?.count).toBe(4);

    // Five advancers at once, all from no partial: one write wins, the others find nothing new to add.
    const { db } = await import("@/server/db");
    await db().$executeRaw`update runs set partial = null where id = ${p.id}::uuid`;
    const before = (await partialEvents(p.id)).length;
    const parent = (await (await import("./run.repository")).findRun(p.id))!;
    const kids = await (await import("./run-tree.repository")).listChildStates(p.id);
    const spec = parent.input as import("./workflow-spec").WorkflowSpec;
    const { fillMembersPartial } = await import("./workflow-partial");
    await Promise.all(Array.from({ length: 5 }, () => fillMembersPartial(parent, spec, kids, catalog)));
    expect((await partialEvents(p.id)).length - before).toBe(1);
    expect((await m.partial.findPartial(p.id))!.result).toEqual({ steps: [0, 1, 2, 3], values: [1, 2, 3, 4] });

    await m.cancel.cancelRun(p.id, catalog);
    const done = await waitForRun(p.id, (r) => ended(r.status));
    expect(done.status).toBe("cancelled");
    const kept = await m.partial.findPartial(p.id);
    expect(kept!.result).toEqual({ steps: [0, 1, 2, 3], values: [1, 2, 3, 4] });
    expect(kept!.done).toEqual({ count: 4, total: 5, unit: "steps" });
    expect(kept!.final).toBe(true);
  });

  it("a chord whose callback declares none writes no partial", async () => {
    const steps = Array.from({ length: 3 }, (_, i) => ({ task: "test.add", input: { n: i } }));
    const p = await start({ kind: "chord", steps, callback: { task: "test.sum", input: {}, pipe: "values" } });
    expect((await waitForRun(p.id, (r) => ended(r.status))).status).toBe("succeeded");
    expect(await m.partial.findPartial(p.id)).toBeNull();
    expect(await partialEvents(p.id)).toEqual([]);
  });
});
