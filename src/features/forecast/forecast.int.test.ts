/**
 * Every forecast task end to end on real Postgres: queued through tRPC or the HTTP API, run by a
 * worker in a kernel thread, stored and read back; bad input is a 400 naming the field; an identical
 * seeded forecast is answered from the earlier run.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness, trpcData } from "@/test/http-harness";
import type { FluxoWorker } from "@/worker/runner";
import { exactHowManyPmf } from "@/domain/forecast";

let h: Harness;
let worker: FluxoWorker;
let user: Caller;

beforeAll(async () => {
  h = await startHarness("fluxo_test_forecast");
  user = new Caller(h);
  await user.signUp(uniqueEmail("forecaster"));
  const { forecastTasks } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [...forecastTasks] as never, 2);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
});

const data = trpcData;

async function settled(runId: string): Promise<{ status: string; task: string; result: unknown; error: unknown }> {
  for (let i = 0; i < 400; i++) {
    const run = data<{ status: string; task: string; result: unknown; error: unknown }>(
      await user.trpcQuery("runs.get", { id: runId }),
    );
    if (["succeeded", "failed", "dead", "cancelled"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

const A_P2 = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];

describe("forecast tasks", () => {
  it("how many: lower-tail percentiles agree with the exact distribution (A-P2b)", async () => {
    const r = await user.trpcMutation("forecast.startHowMany", {
      samples: A_P2,
      periods: 10,
      trials: 20_000,
      seed: 3,
      percentiles: [50, 85, 95],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const run = await settled(data<{ runId: string }>(r).runId);
    expect(run.status).toBe("succeeded");
    const pmf = exactHowManyPmf(A_P2, 10);
    const atLeast = (n: number) => pmf.slice(n).reduce((a, b) => a + b, 0);
    const got = (run.result as { percentiles: Record<string, number> }).percentiles;
    for (const q of [50, 85, 95]) {
      const n = got[String(q)]!;
      expect(atLeast(n)).toBeGreaterThanOrEqual(q / 100 - 0.015);
      expect(atLeast(n + 1)).toBeLessThan(q / 100 + 0.015);
    }
    expect(got["85"]).toBe(30); // A-P2b: 85 % chance of at least 30 items
  });

  it("an identical seeded forecast is answered from the earlier run", async () => {
    const input = { samples: [2, 3, 4, 5, 6], periods: 6, trials: 5_000, seed: 11, percentiles: [85] };
    const first = data<{ runId: string; fromCache: boolean }>(await user.trpcMutation("forecast.startHowMany", input));
    await settled(first.runId);
    const again = data<{ runId: string; fromCache: boolean }>(await user.trpcMutation("forecast.startHowMany", input));
    expect(again.fromCache).toBe(true);
    expect((await settled(again.runId)).result).toEqual((await settled(first.runId)).result);
  });

  it("deadline risk, backtest and cut line run through the HTTP API", async () => {
    const post = (kind: string, body: unknown) =>
      user.api(`/api/v1/forecasts/${kind}`, {
        method: "POST",
        body: JSON.stringify(body),
      });
    const deadline = await post("deadline", {
      samples: [2, 3, 4, 5, 6],
      backlog: 40,
      startDate: "2024-01-01",
      deadline: "2024-03-11",
      trials: 10_000,
      seed: 5,
      trend: "recent",
    });
    const backtest = await post("backtest", { samples: [...A_P2, ...A_P2], backlog: 10, trials: 500, seed: 5 });
    const cut = await post("cut-line", {
      samples: [5, 5, 5],
      features: [
        { name: "Login", size: 10 },
        { name: "Reports", size: 10 },
      ],
      trials: 1_000,
      seed: 5,
      startDate: "2024-01-01",
      deadline: "2024-01-22",
    });
    for (const r of [deadline, backtest, cut]) expect(r.status).toBe(202);
    const [d, b, c] = await Promise.all(
      [deadline, backtest, cut].map((r) => settled((r.body as { runId: string }).runId)),
    );
    expect(d!.status).toBe("succeeded");
    expect(d!.task).toBe("forecast.deadline");
    // A-P3 exact: P(done within 10 weeks) = 0.54388.
    expect((d!.result as { periodsToDeadline: number }).periodsToDeadline).toBe(10);
    expect(b!.status).toBe("succeeded");
    expect(Object.keys((b!.result as { coverage: object }).coverage)).toEqual(expect.arrayContaining(["85"]));
    expect(c!.status).toBe("succeeded");
    const features = (
      c!.result as { features: { name: string; percentiles: Record<string, number>; fits?: Record<string, boolean> }[] }
    ).features;
    expect(features.map((f) => [f.name, f.percentiles["85"]])).toEqual([
      ["Login", 2],
      ["Reports", 4],
    ]);
    expect(features.map((f) => f.fits?.["85"])).toEqual([true, false]);
  });

  it("refuses bad input with a 400 naming the field, and an unknown forecast with a 404", async () => {
    const bad = await user.api("/api/v1/forecasts/backtest", {
      method: "POST",
      body: JSON.stringify({ samples: [1, 2, 3], backlog: 5 }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("minTrain");
    const missing = await user.api("/api/v1/forecasts/nope", {
      method: "POST",
      body: "{}",
    });
    expect(missing.status).toBe(404);
    const trpcBad = await user.trpcMutation("forecast.startCutLine", {
      samples: [1],
      features: [{ name: "", size: 1 }],
    });
    expect(trpcBad.status).toBe(400);
    expect(JSON.stringify(trpcBad.body)).toContain("each feature name must not be empty");
  });

  it("run options from the form: a delayed run waits as scheduled (cancellable), with its priority; bad bounds name the field", async () => {
    const input = { samples: A_P2, backlog: 30, trials: 1_000, seed: 7 };
    const r = await user.trpcMutation("forecast.start", { ...input, priority: 10, delayMs: 600_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { runId, fromCache } = data<{ runId: string; fromCache: boolean }>(r);
    expect(fromCache).toBe(false);
    const run = data<{ status: string; priority: number }>(await user.trpcQuery("runs.get", { id: runId }));
    expect(run).toMatchObject({ status: "scheduled", priority: 10 });

    const at = new Date(Date.now() + 3_600_000);
    const later = await user.trpcMutation("forecast.startHowMany", {
      samples: A_P2,
      periods: 5,
      trials: 1_000,
      runAt: at.toISOString(),
    });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    const laterId = data<{ runId: string }>(later).runId;
    const events = data<{ type: string; payload: { status?: string; runAt?: string } }[]>(
      await user.trpcQuery("runs.events", { id: laterId }),
    );
    expect(events[0]!.payload.status).toBe("scheduled");
    expect(Date.parse(events[0]!.payload.runAt!)).toBe(at.getTime());

    for (const id of [runId, laterId]) {
      expect((await user.trpcMutation("runs.cancel", { id })).status).toBe(200);
      expect(data<{ status: string }>(await user.trpcQuery("runs.get", { id })).status).toBe("cancelled");
    }

    const refused = async (extra: Record<string, unknown>, field: string, message: RegExp) => {
      const bad = await user.trpcMutation("forecast.start", { ...input, ...extra });
      expect(bad.status, JSON.stringify(bad.body)).toBe(400);
      const body = JSON.stringify(bad.body);
      expect(body).toContain(`"path":"${field}"`);
      expect(body).toMatch(message);
    };
    await refused({ priority: 1001 }, "priority", /priority must be a whole number within -1000\.\.1000/);
    await refused({ delayMs: 31 * 86_400_000 }, "delayMs", /delayMs must be a whole number of milliseconds/);
    await refused({ runAt: new Date(Date.now() + 31 * 86_400_000).toISOString() }, "runAt", /within 30 days/);
    await refused({ delayMs: 1_000, runAt: at.toISOString() }, "runAt", /runAt cannot be given with delayMs/);
  });

  it("a cut line started with POST /api/v1/runs gets its defaults and a seed", async () => {
    const r = await user.api("/api/v1/runs", {
      method: "POST",
      body: JSON.stringify({
        task: "forecast.cutLine",
        input: { samples: [4, 6], features: [{ name: "A", size: 8 }] },
      }),
    });
    expect(r.status).toBe(202);
    const run = await settled((r.body as { runId: string }).runId);
    expect(run.status).toBe("succeeded");
  });
});
