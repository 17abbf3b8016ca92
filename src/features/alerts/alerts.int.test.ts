/**
 * Alerts on real parts: the evaluation against real rows (a run that ended dead, a stalled queue, a
 * schedule whose slot passed unfired) fires each alert once and resolves it once, with the clock
 * moved by the test; admins' webhooks receive alert.fired / alert.resolved signed; the console's tRPC
 * and REST views list them; bad rules are refused naming the field.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";
import { startTestWorker } from "@/test/test-worker";
import { waitForRun } from "@/test/wait-for-run";
import { defineTask } from "@/runs/define-task";
import type { FluxoWorker } from "@/worker/runner";
import { verify } from "@/server/signing";

let h: Harness;
let worker: FluxoWorker;
let admin: Caller;
let user: Caller;
let server: Server;
let url: string;
let svc: typeof import("./alerts.service");
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

/** A task of the reports queue (paused by the test: its run waits). */
const reportsProbe = defineTask({
  name: "test.alertsReportsProbe",
  queue: "reports",
  input: z.object({}),
  output: z.null(),
  retry: { attempts: 1 },
  handler: () => null,
});

const MIN = 60_000;
const data = <T>(r: { body: unknown }) => (r.body as { result: { data: T } }).result.data;
const subjects = (r: { fired: { subject: string }[] }) => r.fired.map((f) => f.subject);
const resolvedSubjects = (r: { resolved: { subject: string }[] }) => r.resolved.map((f) => f.subject);

async function delivery(event: string, subject: string) {
  for (let i = 0; i < 300; i++) {
    const hit = received.find((r) => {
      const b = JSON.parse(r.body) as { event: string; alert: { subject: string } };
      return b.event === event && b.alert.subject === subject;
    });
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${event} delivery for ${subject}`);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  const tasks = await import("@/test/test-tasks");
  h = await startHarness("fluxo_test_alerts", { WEBHOOKS_ALLOW_PRIVATE: "true" }, [...tasks.testTasks, reportsProbe]);
  admin = new Caller(h);
  await admin.signUp(uniqueEmail("alerts-admin"));
  user = new Caller(h);
  await user.signUp(uniqueEmail("alerts-user"));
  const { db } = await import("@/server/db");
  // The minute's system evaluation would race the test's own (at moved clocks): off here.
  await db().$executeRaw`update schedules set enabled = false where task = 'alerts.evaluate'`;
  const { taskList } = await import("@/tasks/catalog");
  worker = await startTestWorker(h.db.url, [...taskList, ...tasks.testTasks, reportsProbe] as never, 4);
  svc = await import("./alerts.service");
});

afterAll(async () => {
  await worker?.stop();
  server?.close();
  await h?.close();
});

describe("alerts", () => {
  it("a run that ends dead fires once (delivered signed to an admin's webhook), holds silently and resolves once", async () => {
    const made = await admin.trpcMutation("webhooks.create", { url, events: ["alert.fired", "alert.resolved"] });
    expect(made.status).toBe(200);
    const { secret } = data<{ secret: string }>(made);
    const me = data<{ id: string }>(await admin.trpcQuery("accounts.me"));
    const { enqueue } = await import("@/runs/enqueue");
    const { flakyTask } = await import("@/test/test-tasks");
    const run = await enqueue(flakyTask, { failTimes: 10 }, { ownerId: me.id });
    const dead = await waitForRun(run.id, (r) => r.status === "dead");
    const t0 = new Date(dead.finishedAt!.getTime() + 1000);

    const first = await svc.evaluate(t0);
    expect(subjects(first)).toContain("task:test.flaky");
    const alert = first.fired.find((f) => f.subject === "task:test.flaky")!;
    expect(alert.message).toMatch(/task test\.flaky: 1 run ended dead in the last 60 min/);
    const again = await svc.evaluate(new Date(t0.getTime() + MIN));
    expect(subjects(again)).not.toContain("task:test.flaky");
    expect(resolvedSubjects(again)).not.toContain("task:test.flaky");

    const open = data<{ id: string; subject: string }[]>(await admin.trpcQuery("alerts.open"));
    expect(open.filter((a) => a.subject === "task:test.flaky")).toEqual([expect.objectContaining({ id: alert.id })]);

    // The open alert is in the Prometheus gauge.
    const { registry } = await import("@/server/metrics");
    const { installAlertGauges } = await import("./alerts.metrics");
    installAlertGauges();
    expect(await registry.metrics()).toMatch(/fluxo_alerts_open\{kind="run_dead"\} [1-9]/);

    const fired = await delivery("alert.fired", "task:test.flaky");
    expect(
      verify(
        secret,
        String(fired.headers["x-fluxo-timestamp"]),
        String(fired.headers["x-fluxo-signature"]),
        fired.body,
      ),
    ).toEqual({ ok: true });
    expect(JSON.parse(fired.body)).toMatchObject({
      event: "alert.fired",
      alert: {
        id: alert.id,
        rule: "A run ended dead",
        kind: "run_dead",
        subject: "task:test.flaky",
        resolvedAt: null,
        url: expect.stringMatching(/\/console\/alerts$/),
      },
    });

    // The window (60 min) passes with no other dead run: resolved, once.
    const later = await svc.evaluate(new Date(t0.getTime() + 61 * MIN));
    expect(resolvedSubjects(later)).toContain("task:test.flaky");
    const after = await svc.evaluate(new Date(t0.getTime() + 62 * MIN));
    expect(resolvedSubjects(after)).not.toContain("task:test.flaky");
    expect(subjects(after)).not.toContain("task:test.flaky");
    const resolved = JSON.parse((await delivery("alert.resolved", "task:test.flaky")).body) as {
      alert: { resolvedAt: string };
    };
    expect(resolved.alert.resolvedAt).not.toBeNull();
    expect(received.filter((r) => r.body.includes('"task:test.flaky"'))).toHaveLength(2);

    const rest = await admin.api("/api/v1/alerts?state=all&limit=100");
    expect(rest.status).toBe(200);
    const hist = (rest.body as { items: { id: string; resolvedAt: string | null }[] }).items;
    expect(hist.find((a) => a.id === alert.id)?.resolvedAt).toEqual(expect.any(String));
    expect((await user.api("/api/v1/alerts")).status).toBe(403);
  });

  it("a stalled queue fires per queue once its oldest wait passes the limit, and resolves when it moves", async () => {
    const { updateQueue } = await import("@/runs/queue.repository");
    const { enqueue } = await import("@/runs/enqueue");
    await updateQueue("reports", { paused: true });
    const run = await enqueue(reportsProbe, {}, {});
    const t0 = run.createdAt.getTime();
    expect(subjects(await svc.evaluate(new Date(t0 + 5 * MIN)))).not.toContain("queue:reports");
    const fired = await svc.evaluate(new Date(t0 + 11 * MIN));
    expect(subjects(fired)).toContain("queue:reports");
    expect(subjects(await svc.evaluate(new Date(t0 + 12 * MIN)))).not.toContain("queue:reports");
    await updateQueue("reports", { paused: false });
    await waitForRun(run.id, (r) => r.status === "succeeded");
    const moved = await svc.evaluate(new Date(t0 + 13 * MIN));
    expect(resolvedSubjects(moved)).toContain("queue:reports");
  });

  it("a schedule whose slot passed without firing fires schedule_missed once; planning it again resolves it", async () => {
    const { insertSchedule } = await import("@/runs/schedule.repository");
    const { db } = await import("@/server/db");
    const slot = new Date(Date.now() + 365 * 24 * 60 * MIN);
    const s = await insertSchedule({
      name: "Yearly report",
      cron: "0 0 1 1 *",
      timezone: "UTC",
      task: "test.add",
      input: { n: 1 },
      enabled: true,
      missedPolicy: "once",
      maxBackfill: 1,
      ownerId: null,
      nextRunAt: slot,
    });
    const subject = `schedule:${s.id}`;
    expect(subjects(await svc.evaluate(new Date(slot.getTime() + MIN)))).not.toContain(subject); // within grace
    const fired = await svc.evaluate(new Date(slot.getTime() + 5 * MIN));
    expect(fired.fired.find((f) => f.subject === subject)?.message).toMatch(
      /schedule "Yearly report" missed its slot: due 5 min ago and not fired/,
    );
    expect(subjects(await svc.evaluate(new Date(slot.getTime() + 6 * MIN)))).not.toContain(subject);
    await db()
      .$executeRaw`update schedules set next_run_at = ${new Date(slot.getTime() + 365 * 24 * 60 * MIN)} where id = ${s.id}::uuid`;
    expect(resolvedSubjects(await svc.evaluate(new Date(slot.getTime() + 7 * MIN)))).toContain(subject);
  });

  it("a slot the ticker passed without a run (its task is unavailable) fires schedule_missed", async () => {
    const { insertSchedule, findSchedule } = await import("@/runs/schedule.repository");
    const s = await insertSchedule({
      name: "Gone task",
      cron: "* * * * *",
      timezone: "UTC",
      task: "no.such.task",
      input: {},
      enabled: true,
      missedPolicy: "once",
      maxBackfill: 1,
      ownerId: null,
      // Its last slot two minutes ago: the minute slot since then is due.
      lastSlotAt: new Date(Date.now() - 2 * MIN),
      nextRunAt: new Date(Date.now() - 1000),
    });
    // The ticker deals with the due slot: no run, the outcome recorded.
    const { tickSchedules } = await import("@/runs/scheduler");
    const { tasks } = await import("@/tasks/catalog");
    await tickSchedules(tasks, new Date());
    // (A worker's own tick may have held the row: then it records the outcome, a moment later.)
    let status: string | null | undefined;
    for (let i = 0; i < 100 && status !== "task unavailable"; i++) {
      status = (await findSchedule(s.id, { kind: "all" }))?.lastStatus;
      if (status !== "task unavailable") await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe("task unavailable");
    const r = await svc.evaluate(new Date());
    expect(r.fired.find((f) => f.subject === `schedule:${s.id}`)?.message).toBe(
      'schedule "Gone task" passed its slot without a run (task unavailable)',
    );
    const { db } = await import("@/server/db");
    await db().$executeRaw`delete from schedules where id = ${s.id}::uuid`;
    expect(resolvedSubjects(await svc.evaluate(new Date()))).toContain(`schedule:${s.id}`);
  });

  it("two evaluations at once fire an alert once", async () => {
    const r = data<{ id: string }>(
      await admin.trpcMutation("alerts.createRule", {
        name: "Need many workers",
        kind: "workers_below",
        threshold: 50,
      }),
    );
    const at = new Date();
    const both = await Promise.all([svc.evaluate(at), svc.evaluate(at)]);
    const { db } = await import("@/server/db");
    const rows = await db().alert.count({ where: { ruleId: r.id } });
    expect(rows).toBe(1);
    expect(both.flatMap((b) => b.fired).filter((f) => f.subject === "workers")).toHaveLength(1);
    expect((await admin.trpcMutation("alerts.removeRule", { id: r.id })).status).toBe(200);
    expect(await db().alert.count({ where: { ruleId: r.id } })).toBe(0);
  });

  it("admins evaluate now; resolved alerts older than 90 days leave the history", async () => {
    const { db } = await import("@/server/db");
    const old = new Date(Date.now() - 91 * 24 * 60 * MIN);
    const recent = new Date(Date.now() - 89 * 24 * 60 * MIN);
    await db().$executeRaw`
      insert into alerts (id, rule_id, subject, message, fired_at, resolved_at) values
        (gen_random_uuid(), '00000000-0000-4000-9000-000000000002', 'task:old', 'old', ${old}, ${old}),
        (gen_random_uuid(), '00000000-0000-4000-9000-000000000002', 'task:recent', 'recent', ${recent}, ${recent})`;
    expect((await user.trpcMutation("alerts.evaluateNow", {})).status).toBe(403);
    const r = await admin.trpcMutation("alerts.evaluateNow", {});
    expect(r.status).toBe(200);
    expect(data<{ ran: boolean }>(r).ran).toBe(true);
    const left = await db().alert.findMany({ where: { subject: { in: ["task:old", "task:recent"] } } });
    expect(left.map((a) => a.subject)).toEqual(["task:recent"]);
  });

  it("with no live worker the web's watchdog evaluates: fewer than 1 live worker fires", async () => {
    const { watchdogTick } = await import("./watchdog");
    expect(await watchdogTick()).toBeNull(); // a worker is live: the system schedule's job
    await worker.stop();
    worker = undefined as unknown as FluxoWorker;
    const r = await watchdogTick();
    expect(r?.fired.find((f) => f.subject === "workers")?.message).toBe("0 live workers (at least 1 expected)");
  });

  it("rules: admins create, edit, disable and delete; bad ones are refused naming the field", async () => {
    const fieldOf = (r: { body: unknown }) =>
      (r.body as { error: { data: { fields: { path: string }[] | null } } }).error.data.fields?.map((f) => f.path);
    const bad = async (input: Record<string, unknown>) =>
      admin.trpcMutation("alerts.createRule", { name: "r", kind: "failure_rate", threshold: 50, ...input });
    let r = await bad({ threshold: 0 });
    expect(r.status).toBe(400);
    expect(fieldOf(r)).toContain("threshold");
    expect(JSON.stringify(r.body)).toMatch(/threshold must be between 1 and 100 for failure_rate/);
    r = await bad({ windowMinutes: 0 });
    expect(fieldOf(r)).toContain("windowMinutes");
    r = await bad({ queue: "nope" });
    expect(fieldOf(r)).toContain("queue");
    r = await bad({ task: "no.such.task" });
    expect(r.status).toBe(400);
    expect(fieldOf(r)).toContain("task");
    expect(JSON.stringify(r.body)).toMatch(/task no\.such\.task is not a known task/);
    expect((await user.trpcMutation("alerts.createRule", { name: "r", kind: "run_dead", threshold: 0 })).status).toBe(
      403,
    );
    expect((await user.trpcMutation("webhooks.create", { url, events: ["alert.fired"] })).status).toBe(400);

    const made = data<{ id: string }>(
      await admin.trpcMutation("alerts.createRule", {
        name: "flaky failing",
        kind: "failure_rate",
        task: "test.flaky",
        threshold: 50,
        windowMinutes: 15,
        minRuns: 10,
      }),
    );
    r = await admin.trpcMutation("alerts.updateRule", { id: made.id, threshold: 500 });
    expect(fieldOf(r)).toContain("threshold");
    r = await admin.trpcMutation("alerts.updateRule", { id: made.id, threshold: 75, enabled: false });
    expect(data<{ threshold: number; enabled: boolean }>(r)).toMatchObject({ threshold: 75, enabled: false });
    const rules = data<{ id: string; kind: string }[]>(await admin.trpcQuery("alerts.rules"));
    expect(rules.map((x) => x.kind)).toEqual(
      expect.arrayContaining([
        "queue_wait",
        "run_dead",
        "schedule_missed",
        "workers_below",
        "failure_rate",
        "table_health",
      ]),
    );
    expect((await admin.trpcMutation("alerts.removeRule", { id: made.id })).status).toBe(200);
    expect((await admin.trpcMutation("alerts.removeRule", { id: made.id })).status).toBe(404);
  });
});
