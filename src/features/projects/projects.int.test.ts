/**
 * Projects on real route handlers and Postgres: create/get/update, history (set, CSV import, CSV
 * export and back), saving a real succeeded forecast run, actuals and convergence, ownership 404s,
 * bounds, CSV downloads and cascade deletes.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply, trpcData } from "@/test/http-harness";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";

let h: Harness;
let worker: FluxoWorker;
let bia: Caller;
let caio: Caller;
let client: pg.Client;

const MISSING = "00000000-0000-4000-8000-0000000000aa";
const data = trpcData;
const err = (r: Reply) =>
  (r.body as { error: { message: string; data: { code: string; fields: { path: string; message: string }[] | null } } })
    .error;

async function makeProject(as: Caller, input: Record<string, unknown> = {}): Promise<string> {
  const r = await as.trpcMutation("projects.create", { name: "Checkout revamp", ...input });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return data<{ id: string }>(r).id;
}

type Detail = {
  project: { name: string; periodDays: number; skipWeekends: boolean; backlog: number | null };
  history: { periodStart: string; count: number }[];
  samples: number[];
  forecasts: {
    id: string;
    kind: string;
    runId: string;
    label: string | null;
    seed: number | null;
    figures: { unit: string; values: Record<string, unknown> };
  }[];
  actuals: { id: string; date: string; completed: number; remaining: number | null; note: string | null }[];
  convergence: { madeOn: string; kind: string; p50: string | null; p85: string | null; p95: string | null }[];
  actualCompletion: string | null;
};
const getProject = async (as: Caller, id: string) => data<Detail>(await as.trpcQuery("projects.get", { id }));

beforeAll(async () => {
  h = await startHarness("fluxo_test_projects");
  await new Caller(h).signUp(uniqueEmail("admin")); // the first account is the admin; the tests run as plain users
  bia = new Caller(h);
  await bia.signUp(uniqueEmail("bia"));
  caio = new Caller(h);
  await caio.signUp(uniqueEmail("caio"));
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
  const { forecastWhenTask } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [forecastWhenTask as never], 1);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await client?.end();
  await h?.close();
});

describe("projects", () => {
  it("creates with defaults, lists, updates, and refuses bad fields naming them", async () => {
    const id = await makeProject(bia, { description: "Team Phoenix" });
    let p = await getProject(bia, id);
    expect(p.project).toMatchObject({ name: "Checkout revamp", periodDays: 7, skipWeekends: false, backlog: null });
    expect(p).toMatchObject({
      history: [],
      samples: [],
      forecasts: [],
      actuals: [],
      convergence: [],
      actualCompletion: null,
    });

    const up = await bia.trpcMutation("projects.update", {
      id,
      name: "Checkout v2",
      periodDays: 1,
      skipWeekends: true,
      backlog: 40,
    });
    expect(up.status).toBe(200);
    p = await getProject(bia, id);
    expect(p.project).toMatchObject({ name: "Checkout v2", periodDays: 1, skipWeekends: true, backlog: 40 });
    // Back to weeks: skipping weekends no longer applies.
    await bia.trpcMutation("projects.update", { id, periodDays: 7 });
    expect((await getProject(bia, id)).project).toMatchObject({ periodDays: 7, skipWeekends: false });

    const list = data<{ id: string; name: string }[]>(await bia.trpcQuery("projects.list"));
    expect(list.map((x) => x.id)).toContain(id);
    expect(data<unknown[]>(await caio.trpcQuery("projects.list")).length).toBe(0);

    for (const [input, field] of [
      [{ name: "x".repeat(121) }, "name"],
      [{ name: "  " }, "name"],
      [{ name: "a", periodDays: 14 }, "periodDays"],
      [{ name: "a", skipWeekends: true }, "skipWeekends"],
      [{ name: "a", backlog: 1_000_001 }, "backlog"],
      [{ name: "a", backlog: 2.5 }, "backlog"],
    ] as const) {
      const r = await bia.trpcMutation("projects.create", input);
      expect(r.status, JSON.stringify(input)).toBe(400);
      expect(err(r).data.fields?.[0]?.path).toBe(field);
    }
    const bad = await bia.trpcMutation("projects.update", { id, skipWeekends: true });
    expect(bad.status).toBe(400);
    expect(err(bad).message).toMatch(/skipWeekends needs daily periods/);
  });

  it("sets, imports (replace and merge), exports and re-imports the history", async () => {
    const id = await makeProject(bia);
    const set = await bia.trpcMutation("projects.setHistory", {
      id,
      rows: [
        { periodStart: "2025-01-13", count: 4 },
        { periodStart: "2025-01-06", count: 2 },
      ],
    });
    expect(data(set)).toEqual({ periods: 2 });
    expect((await getProject(bia, id)).samples).toEqual([2, 4]);

    // Completion dates, dd/mm/yyyy with ; — weeks starting Monday, an empty week filled with 0.
    const csv = "chave;concluído em\nA-1;06/01/2025\nA-2;08/01/2025 10:00\nA-3;12/01/2025\nA-4;22/01/2025\nA-5;\n";
    const imp = await bia.trpcMutation("projects.importHistory", { id, csv });
    expect(imp.status, JSON.stringify(imp.body)).toBe(200);
    expect(data(imp)).toMatchObject({ format: "dates", imported: 4, periods: 3, importedPeriods: 3 });
    expect(data<{ warnings: { code: string }[] }>(imp).warnings.map((w) => w.code)).toEqual([
      "blankDates",
      "gapsFilled",
    ]);
    let p = await getProject(bia, id);
    expect(p.history).toEqual([
      { periodStart: "2025-01-06", count: 3 },
      { periodStart: "2025-01-13", count: 0 },
      { periodStart: "2025-01-20", count: 1 },
    ]);

    const merged = await bia.trpcMutation("projects.importHistory", {
      id,
      csv: "week,count\n2025-01-20,5\n2025-01-27,6\n",
      mode: "merge",
    });
    expect(data(merged)).toMatchObject({ format: "counts", periods: 4 });
    p = await getProject(bia, id);
    expect(p.samples).toEqual([3, 0, 5, 6]);

    const bad = await bia.trpcMutation("projects.importHistory", {
      id,
      csv: "date,count\n2025-01-06,3\n2025-01-13,lots\n",
    });
    expect(bad.status).toBe(400);
    expect(err(bad).data.fields).toEqual([
      { path: "csv", message: 'csv: line 3, column 2: "lots" is not a count (a whole number of items, 0 or more)' },
    ]);
    expect((await getProject(bia, id)).samples).toEqual([3, 0, 5, 6]); // nothing written

    const exp = await bia.api(`/api/v1/projects/${id}/history.csv`);
    expect(exp.status).toBe(200);
    expect(exp.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(exp.headers.get("content-disposition")).toBe('attachment; filename="checkout-revamp-history.csv"');
    expect(exp.body).toBe("period_start,count\n2025-01-06,3\n2025-01-13,0\n2025-01-20,5\n2025-01-27,6\n");

    // Round trip: the export imported into another project gives the same rows.
    const other = await makeProject(bia, { name: "Copy" });
    expect((await bia.trpcMutation("projects.importHistory", { id: other, csv: exp.body })).status).toBe(200);
    expect((await getProject(bia, other)).history).toEqual(p.history);
  });

  it("saves a real succeeded forecast, shows its figures and the convergence, and refuses other runs by name", async () => {
    const id = await makeProject(bia, { backlog: 30 });
    await bia.trpcMutation("projects.setHistory", {
      id,
      rows: [3, 5, 4, 6, 2, 5, 4, 3].map((count, i) => ({
        periodStart: `2025-0${1 + Math.floor(i / 4)}-${String(6 + (i % 4) * 7).padStart(2, "0")}`,
        count,
      })),
    });
    const { samples } = await getProject(bia, id);
    const started = await bia.trpcMutation("forecast.start", {
      samples,
      backlog: 30,
      trials: 2000,
      seed: 11,
      startDate: "2025-03-03",
      percentiles: [50, 85, 95],
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const { runId } = data<{ runId: string }>(started);
    await waitForRun(runId, (r) => r.status === "succeeded", 30_000);

    const saved = await bia.trpcMutation("projects.saveForecast", { id, runId, label: "kick-off" });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const { forecastId, kind, alreadySaved } = data<{ forecastId: string; kind: string; alreadySaved: boolean }>(saved);
    expect([kind, alreadySaved]).toEqual(["when", false]);
    expect(
      data<{ forecastId: string; alreadySaved: boolean }>(
        await bia.trpcMutation("projects.saveForecast", { id, runId }),
      ),
    ).toEqual({ forecastId, kind: "when", alreadySaved: true });

    const p = await getProject(bia, id);
    expect(p.forecasts).toHaveLength(1);
    expect(p.forecasts[0]).toMatchObject({
      id: forecastId,
      kind: "when",
      runId,
      label: "kick-off",
      seed: 11,
      figures: { unit: "date" },
    });
    const run = data<{ result: { dates: Record<string, string> } }>(await bia.trpcQuery("runs.get", { id: runId }));
    expect(p.forecasts[0]!.figures.values).toEqual(run.result.dates);
    expect(p.convergence).toEqual([
      {
        forecastId,
        madeOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        kind: "when",
        label: "kick-off",
        p50: run.result.dates["50"],
        p85: run.result.dates["85"],
        p95: run.result.dates["95"],
      },
    ]);

    const full = data<{ input: { samples: number[] }; result: unknown; task: string }>(
      await bia.trpcQuery("projects.getForecast", { id, forecastId }),
    );
    expect(full.task).toBe("forecast.when");
    expect(full.input.samples).toEqual(samples);
    expect(full.result).toEqual(run.result);

    // CSV of the run and of the saved copy.
    const runCsv = await bia.api(`/api/v1/runs/${runId}/result.csv`);
    expect(runCsv.status).toBe(200);
    expect(runCsv.headers.get("content-disposition")).toBe(
      `attachment; filename="fluxo-when-${runId.slice(0, 8)}.csv"`,
    );
    expect(runCsv.body).toContain(`percentile,periods,date\n50,`);
    const savedCsv = await bia.api(`/api/v1/projects/${id}/forecasts/${forecastId}/result.csv`, {});
    expect(savedCsv.status).toBe(200);
    expect(savedCsv.body).toBe(runCsv.body);
    expect((await caio.api(`/api/v1/runs/${runId}/result.csv`)).status).toBe(404);
    expect((await caio.api(`/api/v1/projects/${id}/forecasts/${forecastId}/result.csv`, {})).status).toBe(404);

    // Someone else's run is a 404; a non-forecast run and an unfinished one are refused naming runId.
    const other = await caio.trpcMutation("forecast.start", { samples: [1, 2, 3], backlog: 5, trials: 100, seed: 1 });
    const otherRun = data<{ runId: string }>(other).runId;
    const foreign = await bia.trpcMutation("projects.saveForecast", { id, runId: otherRun });
    expect([foreign.status, err(foreign).message]).toEqual([404, `run ${otherRun} not found`]);
    const me = (await bia.api("/api/v1/me")).body as { id: string };
    const ins = (id: string, task: string, status: string) =>
      client.query(
        "insert into runs (id, task, status, input, input_hash, owner_id, result) values ($1, $2, $3, '{}', 'x', $4, $5)",
        [id, task, status, me.id, status === "succeeded" ? "{}" : null],
      );
    const healthRun = "00000000-0000-4000-8000-0000000000b1";
    const runningRun = "00000000-0000-4000-8000-0000000000b2";
    await ins(healthRun, "system.health", "succeeded");
    await ins(runningRun, "forecast.when", "running");
    const notForecast = await bia.trpcMutation("projects.saveForecast", { id, runId: healthRun });
    expect(notForecast.status).toBe(400);
    expect(err(notForecast).data.fields?.[0]).toEqual({
      path: "runId",
      message: expect.stringMatching(/is a system\.health run; only forecast runs/),
    });
    const running = await bia.trpcMutation("projects.saveForecast", { id, runId: runningRun });
    expect(err(running).data.fields?.[0]?.message).toMatch(
      /is running; only a forecast that has succeeded can be saved/,
    );
    expect((await bia.api(`/api/v1/runs/${runningRun}/result.csv`)).status).toBe(409);
    expect((await bia.api(`/api/v1/runs/${healthRun}/result.csv`)).status).toBe(409);

    // Removing it.
    expect((await bia.trpcMutation("projects.removeForecast", { id, forecastId })).status).toBe(200);
    expect((await getProject(bia, id)).forecasts).toEqual([]);
    expect((await bia.trpcMutation("projects.removeForecast", { id, forecastId })).status).toBe(404);
  });

  it("records actuals, finds the actual completion, removes one", async () => {
    const id = await makeProject(bia);
    for (const a of [
      { date: "2025-03-17", completed: 5, remaining: 12, note: "sprint 1" },
      { date: "2025-03-03", completed: 4, remaining: 17 },
      { date: "2025-04-07", completed: 3, remaining: 0 },
      { date: "2025-03-31", completed: 9, remaining: 0, note: "done early" },
    ]) {
      const r = await bia.trpcMutation("projects.addActual", { id, ...a });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const p = await getProject(bia, id);
    expect(p.actuals.map((a) => [a.date, a.completed, a.remaining, a.note])).toEqual([
      ["2025-03-03", 4, 17, null],
      ["2025-03-17", 5, 12, "sprint 1"],
      ["2025-03-31", 9, 0, "done early"],
      ["2025-04-07", 3, 0, null],
    ]);
    expect(p.actualCompletion).toBe("2025-03-31");
    const first = p.actuals[2]!.id;
    expect((await bia.trpcMutation("projects.removeActual", { id, actualId: first })).status).toBe(200);
    expect((await getProject(bia, id)).actualCompletion).toBe("2025-04-07");

    for (const [bad, field] of [
      [{ date: "2025-02-30", completed: 1 }, "date"],
      [{ date: "1899-12-31", completed: 1 }, "date"],
      [{ date: "2025-03-01", completed: -1 }, "completed"],
      [{ date: "2025-03-01", completed: 1_000_001 }, "completed"],
      [{ date: "2025-03-01", completed: 1, remaining: 0.5 }, "remaining"],
      [{ date: "2025-03-01", completed: 1, note: "n".repeat(501) }, "note"],
    ] as const) {
      const r = await bia.trpcMutation("projects.addActual", { id, ...bad });
      expect(r.status).toBe(400);
      expect(err(r).data.fields?.[0]?.path).toBe(field);
    }
  });
});

describe("ownership and bounds", () => {
  it("answers another person's project exactly as a missing one", async () => {
    const id = await makeProject(bia);
    const calls: [string, "q" | "m", Record<string, unknown>][] = [
      ["projects.get", "q", {}],
      ["projects.update", "m", { name: "mine now" }],
      ["projects.setHistory", "m", { rows: [] }],
      ["projects.importHistory", "m", { csv: "2025-01-06,1\n" }],
      ["projects.saveForecast", "m", { runId: MISSING }],
      ["projects.addActual", "m", { date: "2025-01-06", completed: 1 }],
      ["projects.removeForecast", "m", { forecastId: MISSING }],
      ["projects.removeActual", "m", { actualId: MISSING }],
      ["projects.remove", "m", {}],
    ];
    for (const [path, kind, extra] of calls) {
      const call = (as: Caller, pid: string) =>
        kind === "q" ? as.trpcQuery(path, { id: pid, ...extra }) : as.trpcMutation(path, { id: pid, ...extra });
      const theirs = await call(caio, id);
      const missing = await call(caio, MISSING);
      expect([theirs.status, missing.status], path).toEqual([404, 404]);
      expect(err(theirs).message.replace(id, "<id>"), path).toBe(err(missing).message.replace(MISSING, "<id>"));
    }
    const csv = await caio.api(`/api/v1/projects/${id}/history.csv`);
    const none = await caio.api(`/api/v1/projects/${MISSING}/history.csv`, {});
    expect([csv.status, none.status]).toEqual([404, 404]);
    expect(JSON.stringify(csv.body).replace(id, "<id>")).toBe(JSON.stringify(none.body).replace(MISSING, "<id>"));
    expect((await getProject(bia, id)).project.name).toBe("Checkout revamp");
  });

  it("bounds the history, saved forecasts and actuals", async () => {
    const id = await makeProject(bia);
    const rows = Array.from({ length: 5001 }, (_, i) => ({
      periodStart: new Date(Date.UTC(2000, 0, 3) + i * 86_400_000).toISOString().slice(0, 10),
      count: 1,
    }));
    const tooMany = await bia.trpcMutation("projects.setHistory", { id, rows });
    expect(tooMany.status).toBe(400);
    expect(err(tooMany).data.fields?.[0]).toEqual({ path: "rows", message: "rows must hold at most 5,000 periods" });
    expect((await bia.trpcMutation("projects.setHistory", { id, rows: rows.slice(0, 5000) })).status).toBe(200);
    expect((await getProject(bia, id)).samples).toHaveLength(5000);
    const dup = await bia.trpcMutation("projects.setHistory", { id, rows: [rows[0], rows[0]] });
    expect(err(dup).data.fields?.[0]?.path).toBe("rows.1.periodStart");
    const merge = await bia.trpcMutation("projects.importHistory", { id, csv: "1990-01-01,1\n", mode: "merge" });
    expect(err(merge).message).toMatch(/at most 5,000/);
    const span = await bia.trpcMutation("projects.importHistory", { id, csv: "date\n1900-01-01\n2200-01-01\n" });
    expect(err(span).data.fields?.[0]?.message).toMatch(/^csv: the dates span .* at most 5,000 periods/);
    // One byte over the csv field's 1 MiB: refused by the field's own limit (the request body limit,
    // MAX_BODY_BYTES, is 2 MiB by default so that a 1 MiB file, JSON-escaped, still reaches it).
    const big = await bia.trpcMutation("projects.importHistory", { id, csv: "x".repeat(1_048_577) });
    expect([big.status, err(big).data.fields?.[0]?.path]).toEqual([400, "csv"]);

    await client.query(
      `insert into saved_forecasts (id, project_id, kind, run_id, input, result) select gen_random_uuid(), $1, 'when', gen_random_uuid(), '{}', '{}' from generate_series(1, 500)`,
      [id],
    );
    const runId = data<{ runId: string }>(
      await bia.trpcMutation("forecast.start", { samples: [1, 2, 3], backlog: 5, trials: 100, seed: 2 }),
    ).runId;
    await waitForRun(runId, (r) => r.status === "succeeded", 30_000);
    const full = await bia.trpcMutation("projects.saveForecast", { id, runId });
    expect([full.status, err(full).message]).toEqual([
      409,
      "A project may hold at most 500 saved forecasts: remove one first",
    ]);

    await client.query(
      `insert into project_actuals (id, project_id, date, completed) select gen_random_uuid(), $1, date '2020-01-01' + g, 1 from generate_series(1, 5000) g`,
      [id],
    );
    const actual = await bia.trpcMutation("projects.addActual", { id, date: "2025-01-01", completed: 1 });
    expect([actual.status, err(actual).message]).toEqual([
      409,
      "A project may hold at most 5,000 actuals: remove one first",
    ]);
    const p = await getProject(bia, id);
    expect([p.forecasts.length, p.actuals.length]).toEqual([500, 5000]);

    // Deleting the project deletes everything it holds.
    expect((await bia.trpcMutation("projects.remove", { id })).status).toBe(200);
    const left = await client.query(
      "select (select count(*) from project_history where project_id = $1)::int h, (select count(*) from saved_forecasts where project_id = $1)::int f, (select count(*) from project_actuals where project_id = $1)::int a",
      [id],
    );
    expect(left.rows[0]).toEqual({ h: 0, f: 0, a: 0 });
    expect((await bia.trpcQuery("projects.get", { id })).status).toBe(404);
  });
});
