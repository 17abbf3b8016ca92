/**
 * An ETo batch fills in: as its chunk runs succeed, the workflow run's partial result holds their
 * places' rows in the order given (persisted as `partial` run events); cancelled while one place's
 * weather is held back by the loopback source, the batch keeps the rows computed, labelled, and its
 * CSV gives those places' days (…-partial.csv). Real Postgres, Graphile Worker and the local replay
 * of the weather sources.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness, trpcData } from "@/test/http-harness";
import { startWeatherReplay, type WeatherReplay } from "@/test/weather-replay-server";
import type { FluxoWorker } from "@/worker/runner";
import { WEATHER_SOURCES } from "@/domain/eto/weather";
import { weatherCacheNamespace } from "@/features/eto/sources";

let h: Harness;
let replay: WeatherReplay;
let worker: FluxoWorker;
let user: Caller;
let client: pg.Client;

beforeAll(async () => {
  replay = await startWeatherReplay();
  h = await startHarness("fluxo_test_eto_batch_partial", {
    ...replay.env,
    WEATHER_RETRIES: "1",
    WEATHER_RETRY_BASE_MS: "5",
    // A held request waits for the test's cancel, never for a timeout.
    WEATHER_TIMEOUT_MS: "120000",
    RATE_LIMIT_SUBMIT_PER_MIN: "1000",
    WEATHER_RATE_LIMITS: "nasa-power=10000,open-meteo-archive=10000",
  });
  user = new Caller(h);
  await user.signUp(uniqueEmail("agronomist"));
  const { etoTasks } = await import("@/features/eto/eto.task");
  worker = await startTestWorker(h.db.url, [...etoTasks] as never, 4);
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
  const { cache } = await import("@/server/cache");
  for (const s of WEATHER_SOURCES) await cache().clear(weatherCacheNamespace(s));
});

afterAll(async () => {
  await client?.end();
  await worker?.stop();
  await h?.close();
  await replay?.close();
});

const data = trpcData;

interface Partial {
  result: {
    kind: string;
    places: number;
    steps: number[];
    rows: { index: number; name: string; days: number; totalMm: number }[];
    missing: [number, number][];
  };
  done?: { count: number; total: number; unit: string };
  final: boolean;
}
interface RunView {
  status: string;
  task: string;
  partial: Partial | null;
}
const getRun = async (id: string) => (await user.api(`/api/v1/runs/${id}`)).body as RunView;

/** Polls until `ok` holds for the run (a state to reach, not a duration to wait). */
async function until(id: string, ok: (r: RunView) => boolean, what: string, ms = 60_000): Promise<RunView> {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    const r = await getRun(id);
    if (ok(r)) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`run ${id}: ${what} never happened; last ${JSON.stringify(await getRun(id)).slice(0, 500)}`);
}

const RANGE = { start: "2024-05-01", end: "2024-05-07", sources: ["nasa-power", "open-meteo-archive"] };
const point = (i: number) => ({
  latitude: -12 - i * 0.37,
  longitude: -48.5,
  elevation: 300 + i * 10,
  name: `Q${i + 1}`,
});

describe("an ETo batch that fills in", { timeout: 180_000 }, () => {
  it("publishes each chunk's places as they succeed; cancelled, it keeps them labelled and downloadable as CSV", async () => {
    const points = Array.from({ length: 6 }, (_, i) => point(i));
    const held = points[4]!; // chunk 3 of 3 (places 5 and 6) waits for this one's NASA POWER answer
    replay.setFault("nasa-power", {
      kind: "hang",
      match: (u) => Math.abs(Number(u.searchParams.get("latitude")) - held.latitude) < 1e-6,
    });
    try {
      const started = await user.trpcMutation("eto.startBatch", { points, ...RANGE, chunkSize: 2 });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const { runId } = data<{ runId: string }>(started);

      const running = await until(runId, (r) => r.partial?.done?.count === 4, "4 places done");
      expect(running.status).toBe("running");
      expect(running.partial!.final).toBe(false);
      expect(running.partial!.done).toEqual({ count: 4, total: 6, unit: "locations" });
      expect(running.partial!.result.rows.map((r) => r.name)).toEqual(["Q1", "Q2", "Q3", "Q4"]);
      expect(running.partial!.result.missing).toEqual([[4, 5]]);
      // the held place's chunk is still going: nothing of it is in the partial
      expect(replay.requests.some((q) => q.source === "nasa-power" && q.status === -1)).toBe(true);

      expect((await user.api(`/api/v1/runs/${runId}/cancel`, { method: "POST" })).status).toBe(202);
      const parent = await until(runId, (r) => r.status === "cancelled", "cancelled", 20_000);
      const p = parent.partial!;
      expect(p.done).toEqual({ count: 4, total: 6, unit: "locations" });
      expect(p.final).toBe(true); // every chunk has ended: no more rows will come
      expect(p.result.kind).toBe("etoBatch");
      expect(p.result.rows.map((r) => [r.index, r.name, r.days])).toEqual([
        [0, "Q1", 7],
        [1, "Q2", 7],
        [2, "Q3", 7],
        [3, "Q4", 7],
      ]);
      expect(p.result.steps).toEqual([0, 1]);
      expect(p.result.missing).toEqual([[4, 5]]);

      // persisted as partial run events, growing to the kept one (the timeline replays them)
      const { rows: events } = await client.query<{ payload: Partial }>(
        "select payload from run_events where run_id = $1::uuid and type = 'partial' order by seq",
        [runId],
      );
      expect(events.length).toBeGreaterThanOrEqual(2);
      const counts = events.map((e) => e.payload.done!.count);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(counts[counts.length - 1]).toBe(4);
      expect(events[events.length - 1]!.payload.result).toEqual(p.result);

      // the CSV of the rows kept: those places' days, the same columns as a finished batch's
      const csv = await user.api(`/api/v1/runs/${runId}/result.csv`);
      expect(csv.status, String(csv.body)).toBe(200);
      expect(csv.headers.get("content-disposition")).toMatch(/fluxo-eto-batch-[0-9a-f]{8}-partial\.csv/);
      const lines = String(csv.body).trim().split("\n");
      expect(lines[0]).toBe("# partial result: cancelled after 4 of 6 locations");
      expect(lines[1]).toMatch(/^place,location_id,name,latitude,longitude,date,eto_mm,/);
      const body = lines.slice(2).map((l) => l.split(","));
      expect(body).toHaveLength(4 * 7);
      expect([...new Set(body.map((c) => `${c[0]} ${c[2]}`))]).toEqual(["1 Q1", "2 Q2", "3 Q3", "4 Q4"]);
      expect(body.slice(0, 7).map((c) => c[5])).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => `2024-05-0${d}`));
    } finally {
      replay.setFault("nasa-power", null);
    }
  });

  it("a finished batch's CSV has every place, named without -partial", async () => {
    const points = Array.from({ length: 3 }, (_, i) => point(10 + i));
    const started = await user.trpcMutation("eto.startBatch", { points, ...RANGE, chunkSize: 2 });
    const { runId } = data<{ runId: string }>(started);
    const done = await until(runId, (r) => r.status === "succeeded", "succeeded");
    // The result supersedes the partial in the run's answer (its rows are still in the partial events).
    expect(done.partial).toBeNull();
    const csv = await user.api(`/api/v1/runs/${runId}/result.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/fluxo-eto-batch-[0-9a-f]{8}\.csv/);
    const lines = String(csv.body).trim().split("\n");
    expect(lines[0]).toMatch(/^place,location_id,name,/);
    expect(lines).toHaveLength(1 + 3 * 7);
  });
});
