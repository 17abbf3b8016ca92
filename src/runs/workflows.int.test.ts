/** Workflows on real Postgres with a real worker: chain, group, chord, failure policies, cancel of a tree. */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import { closeConnections } from "@/test/close-connections";
import { ended, importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";

let catalog: import("./task-catalog").TaskCatalog;
let worker: FluxoWorker;
let m: {
  wf: typeof import("./workflow");
  repo: RunRepo;
  cancel: typeof import("./cancel");
  tasks: typeof import("@/test/test-tasks");
};

beforeAll(async () => {
  useTestDatabase();
  m = {
    wf: await import("./workflow"),
    repo: await importRunRepo(),
    cancel: await import("./cancel"),
    tasks: await import("@/test/test-tasks"),
  };
  catalog = (await import("./task-catalog")).taskCatalog(m.tasks.testTasks);
  const q = await import("./queue.repository");
  await q.updateQueue("default", { concurrency: 64, paused: false });
  worker = await startTestWorker(testDatabaseUrl(), m.tasks.testTasks, 8);
});

afterAll(async () => {
  await worker?.stop();
  const q = await import("./queue.repository");
  await q.updateQueue("default", { concurrency: 8 });
  await closeConnections();
  resetEnvCache();
});

const start = (spec: unknown) => m.wf.startWorkflow(m.wf.ZWorkflowSpec.parse(spec), { ownerId: null, tasks: catalog });

describe("workflows", { timeout: 60_000 }, () => {
  it("chain: passes each step's result to the next, in order", async () => {
    const p = await start({
      kind: "chain",
      steps: [
        { task: "test.add", input: { n: 1 } },
        { task: "test.add", input: { n: 10 }, pipe: "prev" },
        { task: "test.add", input: { n: 100 }, pipe: "prev" },
      ],
    });
    const done = await waitForRun(p.id, (r) => ended(r.status));
    expect(done.status).toBe("succeeded");
    expect(done.result).toBe(111);
    expect(done.progress).toBe(1);
    const kids = await m.repo.listChildren(p.id);
    expect(kids.map((k) => [k.step, k.result])).toEqual([
      [0, 1],
      [1, 11],
      [2, 111],
    ]);
    // One after another: each started after the one before it ended.
    for (let i = 1; i < kids.length; i++)
      expect(kids[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(kids[i - 1]!.finishedAt!.getTime());
  });

  it("chord: the callback runs once, after every member ended, with all their results", async () => {
    const steps = Array.from({ length: 10 }, (_, i) => ({
      task: "test.add",
      input: { n: i + 1, delayMs: 10 * (i % 3) },
    }));
    const p = await start({ kind: "chord", steps, callback: { task: "test.sum", input: {}, pipe: "values" } });
    const done = await waitForRun(p.id, (r) => ended(r.status));
    expect(done.status).toBe("succeeded");
    expect(done.result).toBe(55);
    const kids = await m.repo.listChildren(p.id);
    const callbacks = kids.filter((k) => k.task === "test.sum");
    expect(callbacks).toHaveLength(1);
    const lastMember = Math.max(...kids.filter((k) => k.task === "test.add").map((k) => k.finishedAt!.getTime()));
    expect(callbacks[0]!.startedAt!.getTime()).toBeGreaterThanOrEqual(lastMember);
  });

  it("group of 100: all run, the parent's progress rolls up to 1 and its result lists every member's", async () => {
    const p = await start({
      kind: "group",
      steps: Array.from({ length: 100 }, (_, i) => ({ task: "test.add", input: { n: i } })),
    });
    const done = await waitForRun(p.id, (r) => ended(r.status), 60_000);
    expect(done.status).toBe("succeeded");
    expect(done.result).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(done.progress).toBe(1);
  });

  it("fail-fast: the first failure cancels the steps still going and fails the parent", async () => {
    const p = await start({
      kind: "group",
      steps: [
        { task: "test.fatal", input: {} },
        { task: "test.slow", input: { ms: 5000 } },
        { task: "test.slow", input: { ms: 5000 } },
      ],
    });
    const done = await waitForRun(p.id, (r) => ended(r.status), 10_000);
    expect(done.status).toBe("failed");
    expect(done.error?.message).toMatch(/step 1 \(test.fatal\) ended failed/);
    const kids = await Promise.all(
      (await m.repo.listChildren(p.id)).map((k) => waitForRun(k.id, (r) => ended(r.status))),
    );
    expect(kids.map((k) => k.status).sort()).toEqual(["cancelled", "cancelled", "failed"]);
  });

  it("continue: the other steps finish; the parent fails naming the step that did not succeed", async () => {
    const p = await start({
      kind: "chain",
      failurePolicy: "continue",
      steps: [
        { task: "test.add", input: { n: 1 } },
        { task: "test.fatal", input: {} },
        { task: "test.add", input: { n: 5 }, pipe: "prev" },
      ],
    });
    const done = await waitForRun(p.id, (r) => ended(r.status));
    expect(done.status).toBe("failed");
    expect(done.error?.message).toMatch(/1 of 3 steps did not succeed: 2/);
    const kids = await m.repo.listChildren(p.id);
    expect(kids.map((k) => [k.status, k.result])).toEqual([
      ["succeeded", 1],
      ["failed", null],
      ["succeeded", 5],
    ]);
  });

  it("cancelling the parent cancels the whole tree", async () => {
    const p = await start({
      kind: "group",
      steps: Array.from({ length: 4 }, () => ({ task: "test.slow", input: { ms: 10_000 } })),
    });
    await new Promise((r) => setTimeout(r, 300));
    await m.cancel.cancelRun(p.id, catalog);
    const done = await waitForRun(p.id, (r) => ended(r.status), 10_000);
    expect(done.status).toBe("cancelled");
    for (const k of await m.repo.listChildren(p.id)) expect(k.status).toBe("cancelled");
  });

  it("refuses a workflow naming an unknown task, or a step input its task refuses, before starting anything", async () => {
    await expect(start({ kind: "group", steps: [{ task: "nope.task", input: {} }] })).rejects.toThrow(
      /not a task you can run/,
    );
    await expect(start({ kind: "group", steps: [{ task: "test.add", input: { n: "x" } }] })).rejects.toMatchObject({
      path: ["steps", 0, "input", "n"],
    });
    expect(() => m.wf.ZWorkflowSpec.parse({ kind: "chord", steps: [{ task: "test.add" }] })).toThrow(/callback/);
  });
});
