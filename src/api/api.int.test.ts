/**
 * The HTTP API round trip on real route handlers: submit with a token, wait on the run's SSE stream,
 * fetch the result; a missing run is a JSON 404; request durations reach /metrics by route pattern.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";
import type { FluxoWorker } from "@/worker/runner";

let h: Harness;
let worker: FluxoWorker;
let script: Caller;

beforeAll(async () => {
  h = await startHarness("fluxo_test_api");
  const admin = new Caller(h);
  await admin.signUp(uniqueEmail("api-admin"));
  const made = await admin.trpcMutation("accounts.createToken", { name: "script" });
  script = new Caller(h);
  script.bearer = (made.body as { result: { data: { token: string } } }).result.data.token;
  const { forecastWhenTask } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [forecastWhenTask as never], 2);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
});

describe("HTTP API", () => {
  it("submits a forecast, follows it on SSE to the end, then fetches its result", async () => {
    const sub = await script.api("/api/v1/forecasts/when", {
      method: "POST",
      body: JSON.stringify({ samples: [2, 3, 4, 5, 6], backlog: 40, trials: 20_000, seed: 7, percentiles: [85] }),
    });
    expect(sub.status).toBe(202);
    const { runId } = sub.body as { runId: string };
    const res = await h.fetch(new Request(`http://fluxo.test/api/runs/${runId}/events`, { headers: script.headers() }));
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
      if (text.includes("event: end")) break;
    }
    expect(text).toContain('"status":"running"');
    expect(text).toContain('"status":"succeeded"');
    const run = await script.api(`/api/v1/runs/${runId}`);
    expect(run.status).toBe(200);
    // A-P3 (exact): P85 = 12 periods.
    expect((run.body as { result: { percentiles: Record<string, number> } }).result.percentiles["85"]).toBe(12);
  });

  it("starts any task through POST /api/v1/runs, naming the field it refuses", async () => {
    const post = (body: unknown) => script.api("/api/v1/runs", { method: "POST", body: JSON.stringify(body) });
    const ok = await post({ task: "forecast.when", input: { samples: [2, 3, 4, 5, 6], backlog: 40, trials: 1000 } });
    expect(ok.status).toBe(202);
    expect((ok.body as { runId: string }).runId).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await post({ task: "forecast.when", input: { samples: [2, 3] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("input.backlog");
    const unknown = await post({ task: "no.such" });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: { message: string } }).error.message).toMatch(
      /^task: task must be one of .*forecast\.when/,
    );
  });

  it("answers a run that does not exist with a JSON 404", async () => {
    const id = "00000000-0000-4000-8000-00000000abcd";
    const r = await script.api(`/api/v1/runs/${id}`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("times requests per route pattern, not per id", async () => {
    const { registry } = await import("@/server/metrics");
    const text = await registry.metrics();
    expect(text).toMatch(
      /fluxo_http_request_duration_seconds_count\{route="\/api\/v1\/runs\/:id",method="GET",status="404"\} [1-9]/,
    );
    expect(text).not.toMatch(/route="\/api\/v1\/runs\/00000000/);
  });
});
