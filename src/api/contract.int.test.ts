/**
 * Every documented route answered for real, and every answer checked against its documented schema
 * (the harness checks each one: src/test/contract.ts): each route of src/api/root.ts is driven to a
 * success at least once, with real Postgres, a real worker running the forecasts and reports, and the
 * common refusals along the way. The list of routes comes from the declarations, so a route added
 * without a call here fails the last test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply } from "@/test/http-harness";
import { seedPrices, settledRun, trpcData as data, weekdays } from "@/test/market-fixtures";
import { startTestWorker } from "@/test/test-worker";
import { addTask, fatalTask } from "@/test/test-tasks";
import { sign } from "@/server/signing";
import type { FluxoWorker } from "@/worker/runner";
import { API_ROUTES } from "./root";

let h: Harness;
let worker: FluxoWorker;
let admin: Caller;
let user: Caller;
let script: Caller;

const DATES = weekdays(120);
const px = (k: number) => DATES.map((_, i) => 10 * (1 + k / 10) * (1 + 0.001 * i) * (1 + 0.02 * Math.sin(i / (3 + k))));
const forecast = { samples: [2, 3, 4, 5, 6], backlog: 30, trials: 2_000, seed: 7, percentiles: [50, 85] };

const json = (method: string, body: unknown) => ({ method, body: JSON.stringify(body) });
const ok = (r: Reply, status: number) => {
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(status);
  return r.body as Record<string, unknown>;
};
const settled = (runId: string) => settledRun<{ status: string; result: unknown }>(user, runId, 60_000);

beforeAll(async () => {
  h = await startHarness("fluxo_test_contract", { RATE_LIMIT_SUBMIT_PER_MIN: "10000", MARKET_PROVIDER: "demo" }, [
    addTask,
    fatalTask,
  ]);
  admin = new Caller(h);
  await admin.signUp(uniqueEmail("admin")); // the first account is the admin
  user = new Caller(h);
  await user.signUp(uniqueEmail("user"));
  script = new Caller(h);
  script.bearer = data<{ token: string }>(await user.trpcMutation("accounts.createToken", { name: "contract" })).token;
  await seedPrices(DATES, { CTRA3: px(0), CTRB4: px(1), CTRC3: px(2) });
  const { forecastTasks } = await import("@/features/forecast/forecast.task");
  const { reportsTasks } = await import("@/features/reports/reports.task");
  worker = await startTestWorker(h.db.url, [...forecastTasks, ...reportsTasks, addTask, fatalTask] as never, 4);
});

afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

describe("the HTTP API as documented", () => {
  it("health, metrics and the document itself", async () => {
    ok(await script.api("/api/health/live"), 200);
    expect([200, 503]).toContain((await script.api("/api/health/ready")).status);
    const doc = ok(await script.api("/api/v1/openapi.json"), 200);
    expect(Object.keys(doc.paths as object).length).toBeGreaterThan(30);
    expect((await user.api("/metrics")).status).toBe(404); // not an admin
    expect(String((await admin.api("/metrics")).body)).toContain("fluxo_");
  });

  it("accounts, runs, streams and workflows", async () => {
    expect(ok(await script.api("/api/v1/me"), 200)).toMatchObject({ via: "token", role: "user" });
    expect((await new Caller(h).api("/api/v1/me")).status).toBe(401);

    const sub = ok(await script.api("/api/v1/forecasts/when", json("POST", forecast)), 202);
    const runId = sub.runId as string;
    expect((await settled(runId)).status).toBe("succeeded");
    const run = await script.api(`/api/v1/runs/${runId}`);
    ok(run, 200);
    const etag = run.headers.get("etag")!;
    expect((await script.api(`/api/v1/runs/${runId}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    expect(String(ok(await script.api(`/api/v1/runs/${runId}/result.csv`), 200))).toContain("percentile");
    expect((await script.api(`/api/v1/runs/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await script.api("/api/v1/runs/not-a-uuid")).status).toBe(400);
    const other = ok(await script.api("/api/v1/forecasts/when", json("POST", { ...forecast, backlog: 45 })), 202);
    ok(await script.api(`/api/v1/runs/compare?ids=${runId},${other.runId as string}`), 200);
    ok(await script.api(`/api/v1/runs/compare?ids=${runId},${crypto.randomUUID()}`), 404);

    ok(await script.api("/api/runs/events"), 200);
    ok(await script.api(`/api/runs/${runId}/events`), 200);
    ok(await script.api("/api/v1/runs?limit=5&status=succeeded"), 200);
    expect((await script.api("/api/v1/runs?limit=0")).status).toBe(400);

    const body = { task: "test.add", input: { n: 1, prev: 2 }, idempotencyKey: "contract-1" };
    ok(await script.api("/api/v1/runs", json("POST", body)), 202);
    ok(await script.api("/api/v1/runs", json("POST", body)), 200);
    ok(await script.api("/api/v1/runs", json("POST", { ...body, input: { n: 2, prev: 2 } })), 409);
    ok(await script.api("/api/v1/runs", json("POST", { task: "no.such", input: {} })), 400);
    const batch = ok(
      await script.api("/api/v1/runs/batch", json("POST", { runs: [{ task: "test.add", input: { n: 1, prev: 1 } }] })),
      202,
    );
    expect(batch.runs).toHaveLength(1);
    const tooMany = Array.from({ length: 1001 }, () => ({ task: "test.add", input: { n: 1, prev: 1 } }));
    ok(await script.api("/api/v1/runs/batch", json("POST", { runs: tooMany })), 413);

    const fatal = ok(await script.api("/api/v1/runs", json("POST", { task: "test.fatal", input: {} })), 202);
    expect((await settled(fatal.runId as string)).status).toBe("failed");
    ok(await script.api(`/api/v1/runs/${runId}/redrive`, { method: "POST" }), 409);
    ok(await script.api(`/api/v1/runs/${fatal.runId as string}/redrive`, { method: "POST" }), 202);
    ok(await script.api(`/api/v1/runs/${fatal.runId as string}/cancel`, { method: "POST" }), 202);

    const wf = {
      kind: "chain",
      steps: [
        { task: "test.add", input: { n: 1, prev: 2 } },
        { task: "test.add", input: { n: 0, prev: 1 } },
      ],
    };
    ok(await script.api("/api/v1/workflows", json("POST", wf)), 202);
  });

  it("forecasts of every kind", async () => {
    const A = [0, 1, 2, 3, 4, 5];
    ok(
      await script.api("/api/v1/forecasts/how-many", json("POST", { samples: A, periods: 6, trials: 500, seed: 1 })),
      202,
    );
    const deadline = { samples: A, backlog: 20, startDate: "2024-01-01", deadline: "2024-03-11", trials: 500, seed: 1 };
    ok(await script.api("/api/v1/forecasts/deadline", json("POST", deadline)), 202);
    ok(
      await script.api(
        "/api/v1/forecasts/backtest",
        json("POST", { samples: [...A, ...A], backlog: 10, trials: 200, seed: 1 }),
      ),
      202,
    );
    const cut = {
      samples: [5, 5, 5],
      features: [{ name: "Login", size: 10 }],
      trials: 200,
      seed: 1,
      startDate: "2024-01-01",
      deadline: "2024-01-22",
    };
    ok(await script.api("/api/v1/forecasts/cut-line", json("POST", cut)), 202);
    ok(await script.api("/api/v1/forecasts/sensitivity", json("POST", { ...forecast, backlogChange: 25 })), 202);
    ok(await script.api("/api/v1/forecasts/when", json("POST", { ...forecast, backlog: -1 })), 400);
    ok(await script.api("/api/v1/forecasts/nope", json("POST", forecast)), 404);
  });

  it("ETo (queued)", async () => {
    const point = { latitude: -5.09, longitude: -42.8, elevation: 72 };
    ok(
      await script.api("/api/v1/eto/compute", json("POST", { ...point, start: "2024-03-01", end: "2024-03-07" })),
      202,
    );
    const batch = { points: [point, { ...point, latitude: -5.2 }], start: "2024-03-01", end: "2024-03-07" };
    ok(await script.api("/api/v1/eto/batch", json("POST", batch)), 202);
    ok(await script.api("/api/v1/eto/compute", json("POST", { ...point, latitude: 91, lastDays: 7 })), 400);
  });

  it("assets, portfolios and analyses", async () => {
    ok(await script.api("/api/v1/assets", json("POST", { ticker: "CTRA3", provider: "demo", range: "1y" })), 202);
    ok(await script.api("/api/v1/assets"), 200);
    const one = ok(await script.api("/api/v1/assets/CTRA3?range=max"), 200);
    expect((one.bars as unknown[]).length).toBe(DATES.length);
    ok(await script.api("/api/v1/assets/NOPE3"), 404);

    const holdings = [
      { ticker: "CTRA3", weight: 0.5 },
      { ticker: "CTRB4", weight: 0.5 },
    ];
    const p = ok(await script.api("/api/v1/portfolios", json("POST", { name: "Contract", holdings })), 201);
    const id = p.id as string;
    ok(await script.api("/api/v1/portfolios"), 200);
    ok(await script.api(`/api/v1/portfolios/${id}`), 200);
    ok(await script.api(`/api/v1/portfolios/${id}`, json("PATCH", { name: "Renamed", riskFree: 0.1 })), 200);
    ok(await script.api(`/api/v1/portfolios/${id}/holdings`, json("PUT", { holdings })), 200);
    ok(
      await script.api(
        `/api/v1/portfolios/${id}/holdings`,
        json("PUT", { holdings: [{ ticker: "CTRA3", weight: 2 }] }),
      ),
      400,
    );
    ok(await script.api(`/api/v1/portfolios/${id}/analyze`, json("POST", { range: "1y" })), 202);
    ok(await script.api("/api/v1/analysis/asset", json("POST", { ticker: "CTRA3" })), 202);
    ok(await script.api("/api/v1/analysis/compare", json("POST", { tickers: ["CTRA3", "CTRB4"] })), 202);
    ok(await script.api("/api/v1/analysis/batch", json("POST", { tickers: ["CTRA3", "CTRB4"] })), 202);
    for (const k of ["opportunities", "rankings"]) {
      ok(await script.api(`/api/v1/analysis/${k}`), 200);
      ok(await script.api(`/api/v1/analysis/${k}`, { method: "POST" }), 202);
    }
    ok(await script.api(`/api/v1/portfolios/${id}`, { method: "DELETE" }), 200);
    ok(await script.api(`/api/v1/portfolios/${id}`), 404);
  });

  it("reports: queued, listed and downloaded", async () => {
    const q = ok(
      await script.api("/api/v1/reports", json("POST", { kind: "asset", ticker: "CTRC3", formats: ["md"] })),
      202,
    );
    expect((await settled(q.runId as string)).status).toBe("succeeded");
    const list = ok(await script.api(`/api/v1/reports?runId=${q.runId as string}`), 200);
    const [file] = list.items as { id: string }[];
    const got = await script.api(`/api/v1/reports/${file!.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toContain("text/markdown");
    ok(await script.api("/api/v1/reports?limit=1000"), 400);
  });

  it("projects' CSV downloads", async () => {
    const project = data<{ id: string }>(await user.trpcMutation("projects.create", { name: "Contract" })).id;
    data(
      await user.trpcMutation("projects.setHistory", {
        id: project,
        rows: [
          { periodStart: "2025-01-06", count: 2 },
          { periodStart: "2025-01-13", count: 4 },
        ],
      }),
    );
    expect(String(ok(await script.api(`/api/v1/projects/${project}/history.csv`), 200))).toContain("period_start");
    const runId = ok(await script.api("/api/v1/forecasts/when", json("POST", { ...forecast, seed: 8 })), 202)
      .runId as string;
    await settled(runId);
    const { forecastId } = data<{ forecastId: string }>(
      await user.trpcMutation("projects.saveForecast", { id: project, runId }),
    );
    ok(await script.api(`/api/v1/projects/${project}/forecasts/${forecastId}/result.csv`), 200);
    ok(await script.api(`/api/v1/projects/${crypto.randomUUID()}/history.csv`), 404);
  });

  it("operations views for admins only, and incoming hooks", async () => {
    ok(await admin.api("/api/v1/queues"), 200);
    ok(await admin.api("/api/v1/workers?stopped=1"), 200);
    ok(await script.api("/api/v1/queues"), 403);
    ok(await script.api("/api/v1/workers"), 403);
    ok(await admin.api("/api/v1/console/health"), 200);
    ok(await script.api("/api/v1/console/health"), 403);
    ok(await admin.api("/api/v1/alerts"), 200);
    ok(await admin.api("/api/v1/alerts?state=all&limit=5"), 200);
    ok(await script.api("/api/v1/alerts"), 403);
    ok(await admin.api("/api/v1/stats/minutes?hours=2&queue=default"), 200);
    ok(await admin.api("/api/v1/stats/minutes?hours=0"), 400);
    ok(await script.api("/api/v1/stats/minutes"), 403);
    // Drain: a worker row that no process serves (so nothing stops), then marked stopped again.
    const wrepo = await import("@/runs/worker.repository");
    const wid = `contract-${crypto.randomUUID()}`;
    await wrepo.registerWorker({ id: wid, host: "contract", pid: 1, queues: ["default"], concurrency: 1 });
    ok(await script.api(`/api/v1/workers/${wid}/drain`, { method: "POST" }), 403);
    ok(await admin.api(`/api/v1/workers/${wid}/drain`, { method: "POST" }), 202);
    await wrepo.markWorkerStopped(wid);
    ok(await admin.api(`/api/v1/workers/${wid}/drain`, { method: "POST" }), 404);

    const hook = data<{ id: string; secret: string }>(
      await user.trpcMutation("webhooks.createIncoming", { name: "contract", task: "test.add" }),
    );
    const body = JSON.stringify({ n: 20, prev: 22 });
    const ts = Date.now();
    const post = (signature: string) =>
      h.fetch(
        new Request(`http://fluxo.test/api/hooks/${hook.id}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-fluxo-timestamp": String(ts),
            "x-fluxo-signature": signature,
          },
          body,
        }),
      );
    expect((await post(sign(hook.secret, ts, body))).status).toBe(202);
    expect((await post("sha256=00")).status).toBe(401);
  });

  it("answered every declared route with a success, each matching its documented schema", () => {
    const succeeded = (r: (typeof API_ROUTES)[number]) =>
      [...h.contract.seen].some((s) => s.startsWith(`${r.method} ${r.path} 2`));
    expect(API_ROUTES.filter((r) => !succeeded(r)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(h.contract.problems).toEqual([]);
  });
});
