/**
 * An analysis batch fills in: as its chunk runs succeed, the workflow run's partial result holds
 * their assets' metrics in the tickers' order; cancelled while one asset's prices are held back by
 * the loopback market (Yahoo's chart replay), the batch keeps the assets analysed, labelled, and its
 * CSV gives them (…-partial.csv). Real Postgres, Graphile Worker and the local market replay.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Caller, type Harness, trpcData } from "@/test/http-harness";
import { startMarketReplay, type MarketReplay } from "@/test/market-replay-server";
import { signUpAliceAndBob } from "@/test/plain-users";
import type { FluxoWorker } from "@/worker/runner";

let h: Harness;
let replay: MarketReplay;
let worker: FluxoWorker;
let alice: Caller;
let bob: Caller;

beforeAll(async () => {
  replay = await startMarketReplay();
  h = await startHarness("fluxo_test_analysis_batch_partial", {
    ...replay.env,
    MARKET_PROVIDER: "yahoo",
    // A held request waits for the test's cancel, never for a timeout.
    MARKET_HTTP_TIMEOUT_MS: "120000",
    RATE_LIMIT_SUBMIT_PER_MIN: "1000",
  });
  ({ alice, bob } = await signUpAliceAndBob(h));
  const q = await import("@/runs/queue.repository");
  await q.updateQueue("analysis", { concurrency: 8, paused: false });
  const { analysisTasks } = await import("./analysis.task");
  worker = await startTestWorker(h.db.url, [...analysisTasks] as never, 4);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await h?.close();
  await replay?.close();
});

const data = trpcData;

interface RunView {
  status: string;
  partial: {
    result: { kind: string; rows: { ticker: string; sharpe: number | null }[]; missing: string[]; steps: number[] };
    done?: { count: number; total: number; unit: string };
    final: boolean;
  } | null;
}
const getRun = async (id: string) => (await alice.api(`/api/v1/runs/${id}`)).body as RunView;

/** Polls until `ok` holds for the run (a state to reach, not a duration to wait). */
async function until(id: string, ok: (r: RunView) => boolean, what: string, ms = 60_000): Promise<RunView> {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    const r = await getRun(id);
    if (ok(r)) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`run ${id}: ${what} never happened; last ${JSON.stringify(await getRun(id)).slice(0, 500)}`);
}

describe("an analysis batch that fills in", { timeout: 180_000 }, () => {
  it("publishes each chunk's assets as they succeed; cancelled, it keeps them labelled and downloadable as CSV", async () => {
    const tickers = ["PETR4", "VALE3", "ITUB4", "BBDC4", "WEGE3", "ABEV3"];
    replay.setFault("yahoo", { kind: "hang", match: (u) => u.pathname.endsWith("/WEGE3.SA") });
    try {
      const started = await alice.trpcMutation("analysis.batch", { tickers, range: "1y", chunkSize: 2 });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const { runId } = data<{ runId: string }>(started);

      const running = await until(runId, (r) => r.partial?.done?.count === 4, "4 assets done");
      expect(running.status).toBe("running");
      expect(running.partial!.result.rows.map((r) => r.ticker)).toEqual(["PETR4", "VALE3", "ITUB4", "BBDC4"]);
      expect(running.partial!.result.missing).toEqual(["WEGE3", "ABEV3"]);
      // someone else's run: its partial is not theirs to see
      expect((await bob.api(`/api/v1/runs/${runId}`)).status).toBe(404);

      expect((await alice.api(`/api/v1/runs/${runId}/cancel`, { method: "POST" })).status).toBe(202);
      const parent = await until(runId, (r) => r.status === "cancelled", "cancelled", 20_000);
      expect(parent.partial!.done).toEqual({ count: 4, total: 6, unit: "assets" });
      expect(parent.partial!.final).toBe(true);
      expect(parent.partial!.result.rows.map((r) => r.ticker)).toEqual(["PETR4", "VALE3", "ITUB4", "BBDC4"]);
      expect(parent.partial!.result.steps).toEqual([0, 1]);

      const csv = await alice.api(`/api/v1/runs/${runId}/result.csv`);
      expect(csv.status, String(csv.body)).toBe(200);
      expect(csv.headers.get("content-disposition")).toMatch(/fluxo-analysis-batch-[0-9a-f]{8}-partial\.csv/);
      const lines = String(csv.body).trim().split("\n");
      expect(lines[0]).toBe("# partial result: cancelled after 4 of 6 assets");
      expect(lines[1]).toBe("ticker,annual_return,annual_volatility,sharpe,max_drawdown");
      expect(
        lines
          .slice(2)
          .map((l) => l.split(",")[0])
          .sort(),
      ).toEqual(["BBDC4", "ITUB4", "PETR4", "VALE3"]);
      expect((await bob.api(`/api/v1/runs/${runId}/result.csv`)).status).toBe(404);
    } finally {
      replay.setFault("yahoo", null);
    }
  });
});
