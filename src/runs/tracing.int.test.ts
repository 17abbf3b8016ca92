/**
 * One trace per run, end to end on real PostgreSQL and Redis: a run submitted through the HTTP API and
 * through tRPC, run by a real worker (its kernel on a kernel thread), traced into an in-memory exporter
 * (src/server/tracing.ts startTracingForTests). Asserts the spans, their parents and attributes, the
 * run row's traceparent and the API's traceId, and the trace ids on log lines.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Writable } from "node:stream";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";
import { startTestWorker } from "@/test/test-worker";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";

let h: Harness;
let worker: FluxoWorker;
let script: Caller;
let user: Caller;
let stopTracing: (() => Promise<void>) | undefined;
const exporter = new InMemorySpanExporter();

// forecast.when is memoised: each case draws a seed of its own, so each run is computed (an attempt).
const forecast = () => ({
  samples: [2, 3, 4, 5, 6],
  backlog: 40,
  trials: 20_000,
  seed: Math.floor(Math.random() * 2 ** 31),
  percentiles: [85],
});
// The caller's own trace: the submit joins it (W3C traceparent header).
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

beforeAll(async () => {
  const tracing = await import("@/server/tracing");
  stopTracing = await tracing.startTracingForTests(exporter);
  h = await startHarness("fluxo_test_tracing");
  user = new Caller(h);
  await user.signUp(uniqueEmail("tracing"));
  const made = await user.trpcMutation("accounts.createToken", { name: "script" });
  script = new Caller(h);
  script.bearer = (made.body as { result: { data: { token: string } } }).result.data.token;
  const { forecastWhenTask } = await import("@/features/forecast/forecast.task");
  const { flakyTask } = await import("@/test/test-tasks");
  worker = await startTestWorker(h.db.url, [forecastWhenTask as never, flakyTask as never], 2);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
  await stopTracing?.();
});

/** The run's spans once its attempt span has ended (it ends just after the run's last write). */
async function spansOf(runId: string): Promise<{ all: ReadableSpan[]; attempt: ReadableSpan; enqueue: ReadableSpan }> {
  return vi.waitFor(
    () => {
      const all = exporter.getFinishedSpans();
      const attempt = all.find((s) => s.name.startsWith("run.attempt") && s.attributes["fluxo.run.id"] === runId);
      const enqueue = all.find((s) => s.name === "run.enqueue" && s.attributes["fluxo.run.id"] === runId);
      if (!attempt || !enqueue) throw new Error(`spans of run ${runId} not all ended yet`);
      return { all, attempt, enqueue };
    },
    { timeout: 15_000, interval: 20 },
  );
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("a run's trace", () => {
  it("runs from the API request through enqueue to the worker's attempt and its kernel thread", async () => {
    const sub = await script.api("/api/v1/forecasts/when", {
      method: "POST",
      body: JSON.stringify(forecast()),
      headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    expect(sub.status).toBe(202);
    const { runId } = sub.body as { runId: string };
    const row = await waitForRun(runId, (r) => r.status === "succeeded");
    const { all, attempt, enqueue } = await spansOf(runId);

    const submit = all.find(
      (s) => s.name === "POST /api/v1/forecasts/when" && s.spanContext().spanId === parentOf(enqueue),
    );
    expect(submit, "the submit's SERVER span").toBeDefined();
    expect(submit!.kind).toBe(SpanKind.SERVER);
    expect(submit!.attributes).toMatchObject({
      "http.route": "/api/v1/forecasts/when",
      "http.response.status_code": 202,
    });
    // It joined the caller's trace, under the caller's span.
    expect(submit!.spanContext().traceId).toBe(CALLER_TRACE);
    expect(parentOf(submit!)).toBe(CALLER_SPAN);

    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    expect(enqueue.attributes).toMatchObject({ "fluxo.task": "forecast.when", "fluxo.queue": row.queue });

    // The attempt, on the worker, is a child of the submit's context (carried in the run row).
    expect(attempt.name).toBe("run.attempt forecast.when");
    expect(attempt.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(attempt)).toBe(submit!.spanContext().spanId);
    expect(attempt.attributes).toMatchObject({
      "fluxo.run.id": runId,
      "fluxo.task": "forecast.when",
      "fluxo.queue": row.queue,
      "fluxo.run.attempt": 1,
      "fluxo.worker.id": worker.workerId,
      "fluxo.run.outcome": "succeeded",
    });

    // The kernel thread's work, a child of the attempt.
    const kernels = all.filter((s) => parentOf(s) === attempt.spanContext().spanId && s.name.startsWith("kernel "));
    expect(kernels.map((k) => k.name)).toEqual(["kernel forecast.when"]);

    // One trace throughout.
    for (const s of [submit!, enqueue, attempt, ...kernels]) expect(s.spanContext().traceId).toBe(CALLER_TRACE);

    // The run carries the submit's context; the API shows its trace id.
    expect(row.traceparent).toBe(`00-${CALLER_TRACE}-${submit!.spanContext().spanId}-01`);
    const got = await script.api(`/api/v1/runs/${runId}`);
    expect((got.body as { traceId: string | null }).traceId).toBe(CALLER_TRACE);
  });

  it("starts a new trace at a tRPC submission, and the run page's query gives its trace id", async () => {
    const r = await user.trpcMutation("forecast.start", forecast());
    expect(r.status).toBe(200);
    const runId = (r.body as { result: { data: { runId: string } } }).result.data.runId;
    await waitForRun(runId, (x) => x.status === "succeeded");
    const { all, attempt, enqueue } = await spansOf(runId);
    const submit = all.find((s) => s.spanContext().spanId === parentOf(enqueue))!;
    expect(submit.name).toBe("trpc forecast.start");
    expect(submit.kind).toBe(SpanKind.SERVER);
    expect(parentOf(submit)).toBeUndefined(); // no caller trace: a root
    expect(parentOf(attempt)).toBe(submit.spanContext().spanId);
    const traceId = submit.spanContext().traceId;
    expect(attempt.spanContext().traceId).toBe(traceId);
    expect(traceId).not.toBe(CALLER_TRACE);
    const got = await user.trpcQuery("runs.get", { id: runId });
    expect((got.body as { result: { data: { traceId: string } } }).result.data.traceId).toBe(traceId);
  });

  it("keeps a workflow in one trace: its parent run shows it, each step's attempt is in it", async () => {
    const sub = await script.api("/api/v1/workflows", {
      method: "POST",
      body: JSON.stringify({
        kind: "chain",
        steps: [
          { task: "forecast.when", input: forecast() },
          { task: "forecast.when", input: forecast() },
        ],
      }),
    });
    expect(sub.status).toBe(202);
    const { runId: parentId } = sub.body as { runId: string };
    const parent = await waitForRun(parentId, (r) => r.status === "succeeded");
    const { listChildren } = await import("@/runs/run-tree.repository");
    const steps = (await listChildren(parentId)).sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
    expect(steps).toHaveLength(2);
    const [first, second] = await Promise.all(steps.map((k) => spansOf(k.id)));
    const submit = first!.all.find((s) => s.name === "POST /api/v1/workflows")!;
    const traceId = submit.spanContext().traceId;
    expect(parent.traceparent).toBe(`00-${traceId}-${submit.spanContext().spanId}-01`);
    // The first step is enqueued by the submit; the second by the first's end, inside its attempt.
    expect(parentOf(first!.attempt)).toBe(submit.spanContext().spanId);
    const named = (id: string | undefined) => second!.all.find((s) => s.spanContext().spanId === id)?.name ?? id;
    expect(named(parentOf(second!.attempt)), named(parentOf(second!.enqueue))).toBe("run.attempt forecast.when");
    expect(parentOf(second!.attempt)).toBe(first!.attempt.spanContext().spanId);
    for (const s of [first!.attempt, first!.enqueue, second!.attempt, second!.enqueue])
      expect(s.spanContext().traceId).toBe(traceId);
  });

  it("traces every attempt of a run enqueued outside any request under its enqueue span, to its dead end", async () => {
    const { enqueue } = await import("@/runs/enqueue");
    const { flakyTask } = await import("@/test/test-tasks");
    const run = await enqueue(flakyTask, { failTimes: 3 }); // fails all 3 attempts
    await waitForRun(run.id, (r) => r.status === "dead");
    const attempts = await vi.waitFor(
      () => {
        const found = exporter.getFinishedSpans().filter((s) => s.attributes["fluxo.run.id"] === run.id);
        const tried = found.filter((s) => s.name === "run.attempt test.flaky");
        if (tried.length < 3) throw new Error(`${tried.length} attempt spans so far`);
        return { enqueue: found.find((s) => s.name === "run.enqueue")!, tried };
      },
      { timeout: 15_000, interval: 20 },
    );
    expect(parentOf(attempts.enqueue)).toBeUndefined(); // nothing was active: the enqueue span is the root
    const byAttempt = attempts.tried.sort(
      (a, b) => Number(a.attributes["fluxo.run.attempt"]) - Number(b.attributes["fluxo.run.attempt"]),
    );
    expect(byAttempt.map((s) => [s.attributes["fluxo.run.attempt"], s.attributes["fluxo.run.outcome"]])).toEqual([
      [1, "retrying"],
      [2, "retrying"],
      [3, "dead"],
    ]);
    for (const s of byAttempt) {
      expect(parentOf(s)).toBe(attempts.enqueue.spanContext().spanId);
      expect(s.spanContext().traceId).toBe(attempts.enqueue.spanContext().traceId);
    }
    expect(byAttempt.map((s) => s.status.code)).toEqual([
      SpanStatusCode.UNSET,
      SpanStatusCode.UNSET,
      SpanStatusCode.ERROR,
    ]);
  });

  it("puts the active span's trace_id and span_id on log lines", async () => {
    const { createLogger } = await import("@/server/logger");
    const { inSpan } = await import("@/server/tracing");
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger(sink);
    let ids = { traceId: "", spanId: "" };
    await inSpan("test.log", {}, async (span) => {
      ids = span.spanContext();
      log.info({ runId: "r" }, "inside");
    });
    log.info("outside");
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: "inside", trace_id: ids.traceId, span_id: ids.spanId });
    expect(outside!.trace_id).toBeUndefined();
  });

  it("stores no trace context and shows no trace id while tracing is off", async () => {
    await stopTracing!();
    stopTracing = undefined;
    const sub = await script.api("/api/v1/forecasts/when", { method: "POST", body: JSON.stringify(forecast()) });
    expect(sub.status).toBe(202);
    const { runId } = sub.body as { runId: string };
    const row = await waitForRun(runId, (r) => r.status === "succeeded");
    expect(row.traceparent).toBeNull();
    const got = await script.api(`/api/v1/runs/${runId}`);
    expect((got.body as { traceId: string | null }).traceId).toBeNull();
  });
});
