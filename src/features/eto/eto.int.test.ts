/**
 * ETo end to end on real Postgres, the weather sources pointed at the local replay server: a saved
 * location (elevation looked up), a month computed by a worker with per-day provenance, one source
 * down, every source down (a failed run naming the variable and days), the CSV, the HTTP endpoint,
 * and the system schedules' tasks.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness, trpcData } from "@/test/http-harness";
import { startWeatherReplay, type WeatherReplay } from "@/test/weather-replay-server";
import type { FluxoWorker } from "@/worker/runner";
import { resolveRelativeRange } from "@/features/eto/eto-dates";
import { weatherCacheNamespace } from "@/features/eto/sources";

let h: Harness;
let replay: WeatherReplay;
let worker: FluxoWorker;
let user: Caller;

beforeAll(async () => {
  replay = await startWeatherReplay();
  h = await startHarness("fluxo_test_eto", {
    ...replay.env,
    WEATHER_RETRIES: "1",
    WEATHER_RETRY_BASE_MS: "5",
    WEATHER_TIMEOUT_MS: "5000",
    RATE_LIMIT_SUBMIT_PER_MIN: "1000",
  });
  user = new Caller(h);
  await user.signUp(uniqueEmail("agronomist")); // the first account: an admin (may start system tasks)
  const { etoTasks } = await import("@/features/eto/eto.task");
  worker = await startTestWorker(h.db.url, [...etoTasks] as never, 2);
});

afterAll(async () => {
  await worker?.stop();
  await h?.close();
  await replay?.close();
});

const data = trpcData;

interface RunView {
  status: string;
  task: string;
  result: unknown;
  error: unknown;
}
async function settled(runId: string): Promise<RunView> {
  for (let i = 0; i < 600; i++) {
    const run = data<RunView>(await user.trpcQuery("runs.get", { id: runId }));
    if (["succeeded", "failed", "dead", "cancelled"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

interface Day {
  date: string;
  etoMm: number;
  inputs: Record<string, number | null>;
  provenance: Record<string, { kind: string; sources?: { source: string; weight: number }[] }>;
  referenceEtoMm: number | null;
}
interface Result {
  days: Day[];
  summary: { sourcesUsed: string[]; failedSources: { source: string }[]; days: number; meanMm: number };
  comparison: { days: number; maeMm: number } | null;
  location: { elevation: number; elevationSource: string };
}

let firstRunId = "";

describe("eto", () => {
  it("saves a location with its elevation looked up, and computes a São Paulo summer month", async () => {
    const created = await user.trpcMutation("eto.locations.create", {
      name: "São Paulo",
      latitude: -23.55,
      longitude: -46.63,
      timezone: "America/Sao_Paulo",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const loc = data<{ id: string; elevation: number; elevationSource: string }>(created);
    expect(loc.elevationSource).toBe("lookup");
    expect(replay.requests.some((r) => r.source === "open-meteo-elevation")).toBe(true);
    expect(data<unknown[]>(await user.trpcQuery("eto.locations.list"))).toHaveLength(1);

    const started = await user.trpcMutation("eto.start", {
      locationId: loc.id,
      start: "2024-01-01",
      end: "2024-01-31",
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const { runId, sources } = data<{ runId: string; sources: string[] }>(started);
    expect(sources).toEqual(["nasa-power", "open-meteo-archive"]);
    firstRunId = runId;
    const run = await settled(runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const r = run.result as Result;
    expect(r.days).toHaveLength(31);
    expect(r.location.elevation).toBe(loc.elevation);
    for (const d of r.days) {
      expect(d.etoMm, d.date).toBeGreaterThanOrEqual(2);
      expect(d.etoMm, d.date).toBeLessThanOrEqual(7);
      expect(d.provenance.tmaxC!.kind).toBe("fused");
    }
    expect(r.days[0]!.provenance.tmaxC!.sources!.map((s) => s.source)).toEqual(["nasa-power", "open-meteo-archive"]);
    expect(r.summary.sourcesUsed).toEqual(["nasa-power", "open-meteo-archive"]);
    expect(r.comparison?.days).toBeGreaterThan(0);
  });

  it("downloads the result as CSV", async () => {
    const csv = await user.api(`/api/v1/runs/${firstRunId}/result.csv`, {});
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = String(csv.body).trim().split("\n");
    expect(lines[0]).toMatch(/^date,eto_mm,reference_eto_mm,tmax_c,tmin_c,/);
    expect(lines).toHaveLength(32);
    expect(lines[1]).toMatch(/^2024-01-01,/);
  });

  it("with one source down, still succeeds on the other and says which", async () => {
    replay.setFault("open-meteo-archive", { kind: "status", status: 500 });
    try {
      const started = await user.trpcMutation("eto.start", {
        latitude: -22.71,
        longitude: -47.63,
        elevation: 546,
        start: "2024-02-01",
        end: "2024-02-29",
      });
      const run = await settled(data<{ runId: string }>(started).runId);
      expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
      const r = run.result as Result;
      expect(r.summary.sourcesUsed).toEqual(["nasa-power"]);
      expect(r.summary.failedSources.map((f) => f.source)).toEqual(["open-meteo-archive"]);
      expect(r.days[10]!.provenance.tmaxC).toEqual({ kind: "fused", sources: [{ source: "nasa-power", weight: 1 }] });
    } finally {
      replay.setFault("open-meteo-archive", null);
    }
  });

  it("with every source down, fails naming the variable and the days (no invented weather)", async () => {
    replay.setFault("open-meteo-archive", { kind: "status", status: 503 });
    replay.setFault("nasa-power", { kind: "status", status: 500 });
    try {
      const started = await user.api("/api/v1/eto/compute", {
        method: "POST",
        body: JSON.stringify({
          latitude: -5.09,
          longitude: -42.8,
          elevation: 72,
          start: "2024-03-01",
          end: "2024-03-31",
        }),
      });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const run = await settled((started.body as { runId: string }).runId);
      expect(run.status).toBe("failed");
      expect(JSON.stringify(run.error)).toMatch(/tmaxC is missing on 2024-03-01\.\.2024-03-31 \(31 days\)/);
      const failedId = (started.body as { runId: string }).runId;
      const csv = await user.api(`/api/v1/runs/${failedId}/result.csv`, {});
      expect(csv.status).toBe(409);
    } finally {
      replay.setFault("open-meteo-archive", null);
      replay.setFault("nasa-power", null);
    }
  });

  it("is cancelled while a source hangs (the fetch gets the run's signal)", async () => {
    replay.setFault("nasa-power", { kind: "hang" });
    try {
      const started = await user.trpcMutation("eto.start", {
        latitude: -15.6,
        longitude: -56.1,
        elevation: 165,
        start: "2024-04-01",
        end: "2024-04-30",
      });
      const runId = data<{ runId: string }>(started).runId;
      for (let i = 0; i < 200; i++) {
        const run = data<{ status: string }>(await user.trpcQuery("runs.get", { id: runId }));
        if (run.status === "running") break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const t0 = Date.now();
      expect((await user.trpcMutation("runs.cancel", { id: runId })).status).toBe(200);
      const run = await settled(runId);
      expect(run.status).toBe("cancelled");
      expect(Date.now() - t0).toBeLessThan(4000); // well before the 5 s source timeout
    } finally {
      replay.setFault("nasa-power", null);
    }
  });

  it("refuses a range no chosen source serves, naming the field", async () => {
    const r = await user.trpcMutation("eto.start", {
      latitude: -23.55,
      longitude: -46.63,
      elevation: 760,
      start: "2024-01-01",
      end: "2024-01-10",
      sources: ["met-norway"],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/no chosen source serves 2024-01-01\.\.2024-01-10/);
  });

  it("run options: a run scheduled for later with a low priority asks no source until it starts; bad bounds name the field", async () => {
    const asked = replay.requests.length;
    const point = { latitude: -23.55, longitude: -46.63, elevation: 760, start: "2024-01-01", end: "2024-01-05" };
    const r = await user.trpcMutation("eto.start", { ...point, priority: -10, delayMs: 3_600_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { runId } = data<{ runId: string }>(r);
    const run = data<{ status: string; priority: number }>(await user.trpcQuery("runs.get", { id: runId }));
    expect(run).toMatchObject({ status: "scheduled", priority: -10 });
    expect(replay.requests.length).toBe(asked);
    expect((await user.trpcMutation("runs.cancel", { id: runId })).status).toBe(200);
    expect(data<{ status: string }>(await user.trpcQuery("runs.get", { id: runId })).status).toBe("cancelled");

    const bad = await user.trpcMutation("eto.start", { ...point, priority: 2000 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('"path":"priority"');
    const both = await user.trpcMutation("eto.start", { ...point, delayMs: 1000, runAt: new Date().toISOString() });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toMatch(/runAt cannot be given with delayMs/);
  });

  it("enables the nightly prefetch and cache cleanup schedules, whose tasks run", async () => {
    const client = new pg.Client({ connectionString: h.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "select task, enabled from schedules where system and task like 'eto.%' order by task",
      );
      expect(rows).toEqual([
        { task: "eto.cacheCleanup", enabled: true },
        { task: "eto.prefetch", enabled: true },
      ]);
    } finally {
      await client.end();
    }
    const post = (task: string, input: unknown) =>
      user.api("/api/v1/runs", { method: "POST", body: JSON.stringify({ task, input }) });
    const prefetch = await post("eto.prefetch", { days: 7 });
    expect(prefetch.status, JSON.stringify(prefetch.body)).toBe(202);
    const p = await settled((prefetch.body as { runId: string }).runId);
    expect(p.status, JSON.stringify(p.error)).toBe("succeeded");
    expect(p.result).toMatchObject({ locations: 1, fetched: 2, failed: [] });
    const cleanup = await post("eto.cacheCleanup", { clear: ["nasa-power"] });
    const c = await settled((cleanup.body as { runId: string }).runId);
    expect(c.status, JSON.stringify(c.error)).toBe("succeeded");
    expect(
      (c.result as { cleared: Record<string, number> }).cleared[weatherCacheNamespace("nasa-power")],
    ).toBeGreaterThan(0);
  });

  it("a schedule keeps lastDays relative; its run computes the days ending yesterday in São Paulo", async () => {
    const created = await user.trpcMutation("schedules.create", {
      name: "Campinas, last week",
      cron: "0 6 * * *",
      timezone: "America/Sao_Paulo",
      task: "eto.compute",
      input: { latitude: -22.9, longitude: -47.06, elevation: 640, lastDays: 7 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const schedule = data<{ id: string; input: Record<string, unknown> }>(created);
    expect(schedule.input).toMatchObject({ relative: { lastDays: 7 } });
    expect(schedule.input.start).toBeUndefined();
    const fired = await user.trpcMutation("schedules.runNow", { id: schedule.id });
    expect(fired.status, JSON.stringify(fired.body)).toBe(200);
    const runId = data<{ runId?: string; id?: string }>(fired);
    const run = await settled(runId.runId ?? runId.id!);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const r = run.result as Result & { range: { start: string; end: string; relative: unknown } };
    const expected = resolveRelativeRange({ lastDays: 7 }, null, new Date());
    expect(r.range).toEqual({ ...expected, relative: { lastDays: 7 } });
    expect(r.days.map((d) => d.date)).toHaveLength(7);
    expect(r.days.at(-1)!.date).toBe(expected.end);
  });

  it("batch: 3 saved locations as a chord of a chunk run and the merge, the parent's result in their order", async () => {
    const ids: string[] = [];
    for (const [name, latitude, longitude, elevation] of [
      ["Piracicaba", -22.71, -47.63, 546],
      ["Cuiabá", -15.6, -56.1, 165],
      ["Teresina", -5.09, -42.8, 72],
    ] as const) {
      const r = await user.trpcMutation("eto.locations.create", { name, latitude, longitude, elevation });
      ids.push(data<{ id: string }>(r).id);
    }
    const started = await user.trpcMutation("eto.startBatch", {
      locationIds: ids,
      start: "2024-05-01",
      end: "2024-05-10",
      sources: ["nasa-power", "open-meteo-archive"],
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const { runId, children } = data<{ runId: string; children: { locationId: string; start: string }[] }>(started);
    expect(children.map((c) => c.locationId)).toEqual(ids);
    const parent = await settled(runId);
    expect(parent.task).toBe("workflow.chord");
    expect(parent.status, JSON.stringify(parent.error)).toBe("succeeded");
    const results = parent.result as (Result & { location: { id: string } })[];
    expect(results.map((r) => r.location.id)).toEqual(ids);
    for (const r of results) {
      expect(r.days.map((d) => d.date)).toHaveLength(10);
      expect(r.summary.sourcesUsed).toEqual(["nasa-power", "open-meteo-archive"]);
    }
    const kids = data<{ task: string; status: string }[]>(await user.trpcQuery("workflows.children", { id: runId }));
    expect(kids.map((k) => [k.task, k.status])).toEqual([
      ["eto.computeChunk", "succeeded"],
      ["eto.mergeBatch", "succeeded"],
    ]);
  });

  it("batch over HTTP: points with lastDays; unknown locations and mixed forms are refused", async () => {
    const post = (body: unknown) => user.api("/api/v1/eto/batch", { method: "POST", body: JSON.stringify(body) });
    const ok = await post({
      points: [
        { latitude: -23.55, longitude: -46.63, elevation: 760 },
        { latitude: -22.9, longitude: -47.06, elevation: 640, name: "Campinas" },
      ],
      lastDays: 3,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    const body = ok.body as { runId: string; children: { start: string; end: string }[] };
    const expected = resolveRelativeRange({ lastDays: 3 }, null, new Date());
    expect(body.children).toMatchObject([expected, expected]);
    const parent = await settled(body.runId);
    expect(parent.status, JSON.stringify(parent.error)).toBe("succeeded");
    expect((parent.result as Result[]).map((r) => r.days.length)).toEqual([3, 3]);

    const unknown = await post({ locationIds: ["00000000-0000-4000-8000-000000000000"], lastDays: 3 });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toMatch(/not found: 00000000-0000-4000-8000-000000000000/);
    const both = await post({ locationIds: ["00000000-0000-4000-8000-000000000000"], points: [], lastDays: 3 });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toMatch(/points/);
  });

  it("after the nightly prefetch of 14 days, a run over another range in those months asks no source again", async () => {
    const post = (task: string, input: unknown) =>
      user.api("/api/v1/runs", { method: "POST", body: JSON.stringify({ task, input }) });
    const prefetch = await post("eto.prefetch", { days: 14 });
    const p = await settled((prefetch.body as { runId: string }).runId);
    expect(p.status, JSON.stringify(p.error)).toBe("succeeded");
    const asked = replay.requests.length;
    const sp = data<{ id: string; name: string }[]>(await user.trpcQuery("eto.locations.list")).find(
      (l) => l.name === "São Paulo",
    )!;
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const started = await user.trpcMutation("eto.start", {
      locationId: sp.id,
      start: day(-12),
      end: day(-6),
      sources: ["nasa-power", "open-meteo-archive"],
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const run = await settled(data<{ runId: string }>(started).runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    expect((run.result as Result).days).toHaveLength(7);
    expect(replay.requests.slice(asked)).toEqual([]);
  });
});
