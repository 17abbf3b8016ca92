/**
 * Webhooks end to end on real parts: a run ends → a signed POST reaches a local HTTP server, is
 * retried after a 500, and lists its response codes; a tampered body is refused by verification
 * and by the incoming endpoint, which starts a task for a correctly signed one.
 */
import { startTestWorker } from "@/test/test-worker";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import { sign, verify } from "@/server/signing";

let h: Harness;
let worker: FluxoWorker;
let user: Caller;
let server: Server;
let url: string;
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
let failFirst = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(500).end("not now");
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const tasks = await import("@/test/test-tasks");
  h = await startHarness("fluxo_test_webhooks", { WEBHOOKS_ALLOW_PRIVATE: "true" }, tasks.testTasks);
  await new Caller(h).signUp(uniqueEmail("hooks-admin"));
  user = new Caller(h);
  await user.signUp(uniqueEmail("hooks-user"));
  const { taskList } = await import("@/tasks/catalog");
  // Retries of deliveries come fast here: the task's policy with a short base delay.
  const { deliverTask } = await import("./webhooks");
  (deliverTask.retry as { backoffMs?: number }).backoffMs = 50;
  worker = await startTestWorker(h.db.url, [...taskList, ...tasks.testTasks] as never, 4);
});

afterAll(async () => {
  await worker?.stop();
  server?.close();
  await h?.close();
});

const data = <T>(r: { body: unknown }) => (r.body as { result: { data: T } }).result.data;

describe("webhooks", () => {
  it("deliver a signed notification when a run ends, retried after a 500, with the response codes listed", async () => {
    const made = await user.trpcMutation("webhooks.create", { url, task: "test.steps", events: ["succeeded"] });
    expect(made.status).toBe(200);
    const { webhook, secret } = data<{ webhook: { id: string }; secret: string }>(made);
    failFirst = 1;
    const { enqueue } = await import("./enqueue");
    const tasks = await import("@/test/test-tasks");
    const me = data<{ id: string }>(await user.trpcQuery("accounts.me"));
    const run = await enqueue(tasks.stepsTask, { steps: 1, stepMs: 1 }, { ownerId: me.id });
    await waitForRun(run.id, (r) => r.status === "succeeded");
    let deliveries: { state: string; attempts: number; responseCode: number | null; deliveryRunId: string }[] = [];
    for (let i = 0; i < 200; i++) {
      deliveries = data(await user.trpcQuery("webhooks.deliveries", { id: webhook.id }));
      if (deliveries[0]?.state === "delivered") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ state: "delivered", attempts: 2, responseCode: 204 });
    expect(received).toHaveLength(2); // the 500, then the 204
    const last = received[1]!;
    const v = verify(
      secret,
      String(last.headers["x-fluxo-timestamp"]),
      String(last.headers["x-fluxo-signature"]),
      last.body,
    );
    expect(v).toEqual({ ok: true });
    expect(JSON.parse(last.body)).toMatchObject({
      event: "run.succeeded",
      run: { id: run.id, task: "test.steps", status: "succeeded", result: { steps: 1 } },
    });
    // Tampered: one character of the body changed.
    expect(
      verify(
        secret,
        String(last.headers["x-fluxo-timestamp"]),
        String(last.headers["x-fluxo-signature"]),
        last.body.replace("succeeded", "failed___"),
      ),
    ).toMatchObject({ ok: false });
    // Another run of another task: no delivery (the webhook is for test.steps).
    const other = await enqueue(tasks.addTask, { n: 1, delayMs: 0 }, { ownerId: me.id });
    await waitForRun(other.id, (r) => r.status === "succeeded");
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(2);
  });

  it("refuse a webhook to a private address unless allowed, naming the field", async () => {
    const { checkOutbound } = await import("@/server/outbound");
    await expect(checkOutbound("http://127.0.0.1:5432/", false)).rejects.toThrow(/private or loopback/);
    await expect(checkOutbound("http://[::1]/", false)).rejects.toThrow(/private or loopback/);
    await expect(checkOutbound("http://169.254.169.254/latest/meta-data", false)).rejects.toThrow(
      /private or loopback/,
    );
    await expect(checkOutbound("ftp://example.com/", false)).rejects.toThrow(/http/);
    await expect(checkOutbound("http://user:pw@example.com/", false)).rejects.toThrow(/user name/);
  });

  it("incoming: a correctly signed body starts the hook's task; a tampered or unsigned one is refused", async () => {
    const made = data<{ id: string; secret: string }>(
      await user.trpcMutation("webhooks.createIncoming", { name: "adder", task: "test.add" }),
    );
    const post = (body: string, headers: Record<string, string>) =>
      h.fetch(
        new Request(`http://fluxo.test/api/hooks/${made.id}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        }),
      );
    const body = JSON.stringify({ n: 41, prev: 1 });
    const ts = Date.now();
    const ok = await post(body, { "x-fluxo-timestamp": String(ts), "x-fluxo-signature": sign(made.secret, ts, body) });
    expect(ok.status).toBe(202);
    const { runId } = (await ok.json()) as { runId: string };
    expect((await waitForRun(runId, (r) => r.status === "succeeded")).result).toBe(42);
    const tampered = await post(body.replace("41", "40"), {
      "x-fluxo-timestamp": String(ts),
      "x-fluxo-signature": sign(made.secret, ts, body),
    });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()) as object).toMatchObject({ error: { code: "BAD_SIGNATURE" } });
    expect((await post(body, {})).status).toBe(401);
    const old = Date.now() - 10 * 60_000;
    expect(
      (await post(body, { "x-fluxo-timestamp": String(old), "x-fluxo-signature": sign(made.secret, old, body) }))
        .status,
    ).toBe(401); // replay window
  });
});
