/**
 * ETo batches in chunk runs on real Postgres, the sources on the local replay server: a batch over
 * several chunks ends with exactly the results one eto.compute per place gives, in the order given;
 * cancelling the parent cancels every chunk; the bounds name their field. And a timing: 120 places
 * (ETO_BATCH_PLACES=1000 for the 1,000-place figure) in chunks of 50 against one run per place.
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
  h = await startHarness("fluxo_test_eto_batch", {
    ...replay.env,
    WEATHER_RETRIES: "1",
    WEATHER_RETRY_BASE_MS: "5",
    WEATHER_TIMEOUT_MS: "5000",
    RATE_LIMIT_SUBMIT_PER_MIN: "1000",
    // The replay server is local: no polite limit (by default NASA POWER is asked once a second,
    // which alone would make 1,000 places take over 16 minutes).
    WEATHER_RATE_LIMITS: "nasa-power=10000,open-meteo-archive=10000",
  });
  user = new Caller(h);
  await user.signUp(uniqueEmail("agronomist"));
  const { etoTasks } = await import("@/features/eto/eto.task");
  worker = await startTestWorker(h.db.url, [...etoTasks] as never, 4);
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await worker?.stop();
  await h?.close();
  await replay?.close();
});

const data = trpcData;
const TERMINAL = ["succeeded", "failed", "dead", "cancelled"];

interface RunView {
  status: string;
  task: string;
  result: unknown;
  error: unknown;
}
async function settled(runId: string, ms = 60_000): Promise<RunView> {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    const run = data<RunView>(await user.trpcQuery("runs.get", { id: runId }));
    if (TERMINAL.includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}
const children = async (id: string) =>
  data<{ task: string; status: string; step: number }[]>(await user.trpcQuery("workflows.children", { id }));

const RANGE = { start: "2024-05-01", end: "2024-05-07", sources: ["nasa-power", "open-meteo-archive"] };
const point = (i: number) => ({
  latitude: -30 + (i % 100) * 0.15,
  longitude: -60 + Math.floor(i / 100) * 0.2,
  elevation: 100 + (i % 37) * 20,
  name: `P${i + 1}`,
});

async function clearWeatherCache() {
  const { cache } = await import("@/server/cache");
  for (const s of WEATHER_SOURCES) await cache().clear(weatherCacheNamespace(s));
}

/** The same places as one eto.compute run each (the batch before chunks), their results in order. */
async function oneRunEach(points: ReturnType<typeof point>[], range = RANGE): Promise<unknown[]> {
  const ids: string[] = [];
  for (let i = 0; i < points.length; i += 1000) {
    const runs = points.slice(i, i + 1000).map((p) => ({ task: "eto.compute", input: { ...p, ...range } }));
    const r = await user.api("/api/v1/runs/batch", { method: "POST", body: JSON.stringify({ runs }) });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(202);
    ids.push(...(r.body as { runs: { runId: string }[] }).runs.map((x) => x.runId));
  }
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) n from runs where id = any($1::uuid[]) and status::text <> all($2::text[])",
      [ids, TERMINAL],
    );
    if (rows[0]!.n === "0") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const { rows } = await client.query<{ id: string; status: string; result: unknown }>(
    "select id::text, status::text, result from runs where id = any($1::uuid[])",
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    expect(byId.get(id)!.status).toBe("succeeded");
    return byId.get(id)!.result;
  });
}

describe("eto batch in chunks", { timeout: 300_000 }, () => {
  it("7 places in chunks of at most 3 (3, 2, 2): the parent's result is one eto.compute result per place, in order", async () => {
    const points = Array.from({ length: 7 }, (_, i) => point(i));
    const started = await user.trpcMutation("eto.startBatch", { points, ...RANGE, chunkSize: 3 });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const { runId, children: places } = data<{ runId: string; children: { name: string }[] }>(started);
    expect(places.map((c) => c.name)).toEqual(points.map((p) => p.name));
    const parent = await settled(runId);
    expect(parent.task).toBe("workflow.chord");
    expect(parent.status, JSON.stringify(parent.error)).toBe("succeeded");
    const kids = await children(runId);
    expect(kids.map((k) => [k.step, k.task, k.status])).toEqual([
      [0, "eto.computeChunk", "succeeded"],
      [1, "eto.computeChunk", "succeeded"],
      [2, "eto.computeChunk", "succeeded"],
      [3, "eto.mergeBatch", "succeeded"],
    ]);
    const rows = parent.result as { location: { name: string }; days: unknown[] }[];
    expect(rows.map((r) => r.location.name)).toEqual(points.map((p) => p.name));
    expect(rows.every((r) => r.days.length === 7)).toBe(true);
    // unchunked: the same places as single runs give the very same results
    expect(await oneRunEach(points)).toEqual(rows);
    // one chunk (chunkSize ≥ places) gives them too
    const one = await user.trpcMutation("eto.startBatch", { points, ...RANGE, chunkSize: 200 });
    const whole = await settled(data<{ runId: string }>(one).runId);
    expect(whole.result).toEqual(rows);
    expect((await children(data<{ runId: string }>(one).runId)).map((k) => k.task)).toEqual([
      "eto.computeChunk",
      "eto.mergeBatch",
    ]);
  });

  it("cancelling the parent cancels every chunk (a source hangs), and the merge never runs", async () => {
    replay.setFault("nasa-power", { kind: "hang" });
    try {
      const points = Array.from({ length: 8 }, (_, i) => point(200 + i));
      const started = await user.trpcMutation("eto.startBatch", { points, ...RANGE, chunkSize: 2 });
      const { runId } = data<{ runId: string }>(started);
      for (let i = 0; i < 200; i++) {
        if ((await children(runId)).some((k) => k.status === "running")) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const t0 = Date.now();
      expect((await user.trpcMutation("runs.cancel", { id: runId })).status).toBe(200);
      const parent = await settled(runId, 10_000);
      expect(parent.status).toBe("cancelled");
      expect(Date.now() - t0).toBeLessThan(4000); // well before the 5 s source timeout
      const kids = await children(runId);
      expect(kids.filter((k) => k.task === "eto.computeChunk")).toHaveLength(4);
      expect(kids.filter((k) => k.task === "eto.mergeBatch")).toEqual([]);
      expect(kids.map((k) => k.status)).toEqual(Array(4).fill("cancelled"));
    } finally {
      replay.setFault("nasa-power", null);
    }
  });

  it("refuses, naming the field: over 10,000 places, a chunk size out of bounds, too many place-days", async () => {
    const post = (body: unknown) => user.api("/api/v1/eto/batch", { method: "POST", body: JSON.stringify(body) });
    const many = await post({ points: Array(10_001).fill({ latitude: 0, longitude: 0 }), lastDays: 1 });
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body)).toMatch(/points: at most 10,000 points per batch/);
    const size = await post({ points: [{ latitude: 0, longitude: 0 }], lastDays: 1, chunkSize: 500 });
    expect(size.status).toBe(400);
    expect(JSON.stringify(size.body)).toMatch(/chunkSize must be a whole number within 1..200/);
    const points = Array.from({ length: 10_000 }, (_, i) => point(i));
    const days = await post({ points, lastDays: 6 });
    expect(days.status, JSON.stringify(days.body).slice(0, 300)).toBe(400);
    expect(JSON.stringify(days.body)).toMatch(
      /points: 10000 places over their days make 60000 place-days; at most 50000/,
    );
    const { rows } = await client.query(
      "select count(*)::int n from runs where task like 'workflow.%' and status = 'running'",
    );
    expect(rows[0].n).toBe(0);
  });

  const n = Math.min(10_000, Math.max(1, Number(process.env.ETO_BATCH_PLACES ?? 120) || 120));
  const days = n > 7000 ? 5 : 7; // ≤ 50,000 place-days
  const range = { ...RANGE, end: `2024-05-0${days}` };
  it(
    `${n} places: chunks of 50 against one run per place, the same results (wall time)`,
    { timeout: 900_000 },
    async () => {
      const points = Array.from({ length: n }, (_, i) => point(i));
      await clearWeatherCache();
      const asked = replay.requests.length;
      const t0 = Date.now();
      const started = await user.api("/api/v1/eto/batch", {
        method: "POST",
        body: JSON.stringify({ points, ...range }),
      });
      expect(started.status, JSON.stringify(started.body).slice(0, 300)).toBe(202);
      const runId = (started.body as { runId: string }).runId;
      const parent = await settled(runId, 850_000);
      const chunked = Date.now() - t0;
      expect(parent.status, JSON.stringify(parent.error)).toBe("succeeded");
      // each place and source asked once: the same area is never fetched twice (a retried request aside)
      const asks = replay.requests.slice(asked);
      expect(new Set(asks.map((r) => `${r.source} ${r.query.latitude} ${r.query.longitude}`)).size).toBe(2 * n);
      if (n <= 1000) expect(asks).toHaveLength(2 * n);
      const kids = await children(runId);
      expect(kids.filter((k) => k.task === "eto.computeChunk")).toHaveLength(Math.ceil(n / 50));
      const rows = parent.result as { location: { name: string } }[];
      expect(rows.map((r) => r.location.name)).toEqual(points.map((p) => p.name));

      const what = `ETo batch of ${n} places × ${days} days: ${Math.ceil(n / 50)} chunk runs + merge ${(chunked / 1000).toFixed(1)} s`;
      if (n > 1000)
        return void console.log(
          `${what}, ${asks.length} source requests (worker concurrency 4, data_collection concurrency 4)`,
        );
      await clearWeatherCache();
      const t1 = Date.now();
      const single = await oneRunEach(points, range);
      const singles = Date.now() - t1;
      expect(single).toEqual(rows);
      console.log(
        `${what}; ${n} single eto.compute runs ${(singles / 1000).toFixed(1)} s (worker concurrency 4, data_collection concurrency 4)`,
      );
    },
  );
});
