/**
 * Portfolios and analyses end to end on real Postgres with a real worker: prices written through
 * the market repository (deterministic series ending today), portfolio CRUD and owner isolation
 * over tRPC, analysis.portfolio's metrics against computeMetrics on the weighted returns, a chord
 * of 20 asset analyses with its summary, the opportunity rules on a crafted set, rankings, and bad
 * inputs refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Caller, type Harness, type Reply } from "@/test/http-harness";
import { signUpAliceAndBob } from "@/test/plain-users";
import { seedPrices, settledRun, trpcData as data, weekdays } from "@/test/market-fixtures";
import { startTestWorker } from "@/test/test-worker";
import type { FluxoWorker } from "@/worker/runner";
import type {
  AssetAnalysis,
  BatchSummary,
  OpportunitiesResult,
  PortfolioAnalysis,
  PortfolioDto,
  RankingsResult,
  SnapshotDto,
} from "./analysis.types";

let h: Harness;
let worker: FluxoWorker;
let alice: Caller;
let bob: Caller;

const N = 320;
const DATES = weekdays(N);

/** A smooth deterministic series: drift plus a wiggle, no fall anywhere near 20 %. */
const smooth = (k: number, drift = 0.0004, amp = 0.01) =>
  DATES.map((_, i) => 10 * (1 + k * 0.1) * (1 + drift * i) * (1 + amp * Math.sin(i / (3 + (k % 5)) + k)));

/** Rises to its high, then falls 30 % from it over the last 40 days. */
const drop = () =>
  DATES.map((_, i) => {
    const peakAt = N - 41;
    const base = 20 * (1 + 0.001 * Math.min(i, peakAt));
    return i <= peakAt ? base : base * (1 - (0.3 * (i - peakAt)) / 40);
  });

const PRICES: Record<string, number[]> = {};
for (let k = 1; k <= 20; k++) PRICES[`BT${String(k).padStart(2, "0")}3`] = smooth(k, 0.0002 * (k % 7) - 0.0003);
PRICES.AAAA3 = smooth(21, 0.0006, 0.008);
PRICES.BBBB4 = smooth(22, 0.0003, 0.015);
PRICES.CCCC3 = smooth(23, 0.0001, 0.02);
PRICES.DROP3 = drop();
PRICES["^BVSP"] = smooth(24, 0.0003, 0.012);

async function seed() {
  await seedPrices(DATES, PRICES);
  const repo = await import("@/features/market/market.repository");
  const short = await repo.upsertAsset({ ticker: "SHRT3", source: "csv", name: "Short history" });
  await repo.upsertBars(
    short.id,
    DATES.slice(-10).map((date, i) => ({
      date,
      open: null,
      high: null,
      low: null,
      close: 5 + i,
      adjClose: 5 + i,
      volume: null,
    })),
  );
  const dy = (await repo.findAssetsByTickers(["CCCC3"]))[0]!;
  await repo.updateFundamentals(
    dy.id,
    { priceEarnings: 5, earningsPerShare: 1, dividendYield: 0.085, marketCap: 1e9 },
    new Date(),
  );
}

beforeAll(async () => {
  h = await startHarness("fluxo_test_portfolio", { RATE_LIMIT_SUBMIT_PER_MIN: "10000", MARKET_PROVIDER: "demo" });
  ({ alice, bob } = await signUpAliceAndBob(h));
  await seed();
  const q = await import("@/runs/queue.repository");
  await q.updateQueue("analysis", { concurrency: 16, paused: false });
  const { analysisTasks } = await import("./analysis.task");
  worker = await startTestWorker(h.db.url, [...analysisTasks] as never, 8);
});

afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

const errorOf = (r: Reply) =>
  (r.body as { error: { message: string; data: { code: string; fields: { path: string; message: string }[] | null } } })
    .error;

/** The first refused field's message (tRPC's own input parser puts the issues in data.fields). */
const fieldOf = (r: Reply) => {
  expect(r.status).toBe(400);
  return errorOf(r).data.fields?.[0]?.message;
};

interface RunView {
  status: string;
  task: string;
  result: unknown;
  error: { message: string; field?: string } | null;
  progress: number;
}
const settled = (as: Caller, runId: string, ms = 30_000) => settledRun<RunView>(as, runId, ms);

describe("portfolios", { timeout: 60_000 }, () => {
  let pid: string;

  it("creates, lists, updates, replaces holdings and removes — each account sees only its own", async () => {
    const created = data<PortfolioDto>(
      await alice.trpcMutation("portfolio.create", {
        name: "Dividendos",
        riskFree: 0.1065,
        benchmark: "^bvsp",
        holdings: [
          { ticker: "aaaa3", weight: 0.5 },
          { ticker: "BBBB4.SA", weight: 0.3 },
          { ticker: "CCCC3", weight: 0.2 },
        ],
      }),
    );
    pid = created.id;
    expect(created.benchmark).toBe("^BVSP");
    expect(created.holdings.map((x) => [x.ticker, x.weight])).toEqual([
      ["AAAA3", 0.5],
      ["BBBB4", 0.3],
      ["CCCC3", 0.2],
    ]);
    expect(data<PortfolioDto[]>(await alice.trpcQuery("portfolio.list")).map((p) => p.id)).toContain(pid);
    expect(data<PortfolioDto[]>(await bob.trpcQuery("portfolio.list"))).toEqual([]);

    // Bob cannot read, change, analyse or remove Alice's portfolio: 404 every time.
    expect((await bob.trpcQuery("portfolio.get", { id: pid })).status).toBe(404);
    expect((await bob.trpcMutation("portfolio.update", { id: pid, name: "mine" })).status).toBe(404);
    expect(
      (await bob.trpcMutation("portfolio.setHoldings", { id: pid, holdings: [{ ticker: "AAAA3", weight: 1 }] })).status,
    ).toBe(404);
    expect((await bob.trpcMutation("portfolio.analyze", { id: pid })).status).toBe(404);
    expect((await bob.trpcQuery("portfolio.latest", { id: pid })).status).toBe(404);
    expect((await bob.trpcQuery("portfolio.optimizePreview", { id: pid })).status).toBe(404);
    expect((await bob.trpcMutation("portfolio.remove", { id: pid })).status).toBe(404);

    const renamed = data<PortfolioDto>(await alice.trpcMutation("portfolio.update", { id: pid, name: "Renda" }));
    expect(renamed.name).toBe("Renda");

    // Replace-all, normalised on request.
    const other = data<PortfolioDto>(await alice.trpcMutation("portfolio.create", { name: "Temp" }));
    const set = data<PortfolioDto>(
      await alice.trpcMutation("portfolio.setHoldings", {
        id: other.id,
        holdings: [
          { ticker: "AAAA3", weight: 2 / 3 },
          { ticker: "BBBB4", weight: 2 / 3 },
        ],
        normalise: true,
      }),
    );
    expect(set.holdings.map((x) => x.weight)).toEqual([0.5, 0.5]);
    const replaced = data<PortfolioDto>(
      await alice.trpcMutation("portfolio.setHoldings", { id: other.id, holdings: [{ ticker: "CCCC3", weight: 1 }] }),
    );
    expect(replaced.holdings).toEqual([{ ticker: "CCCC3", name: "CCCC3 SA", weight: 1 }]);
    expect(data(await alice.trpcMutation("portfolio.remove", { id: other.id }))).toEqual({ removed: true });
    expect((await alice.trpcQuery("portfolio.get", { id: other.id })).status).toBe(404);
  });

  it("analysis.portfolio: metrics of the daily-rebalanced weighted returns, benchmark, frontier, snapshot", async () => {
    const { runId } = data<{ runId: string }>(await alice.trpcMutation("portfolio.analyze", { id: pid }));
    const run = await settled(alice, runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    const a = run.result as PortfolioAnalysis;

    // Independently: the same series (all share DATES), weighted returns, computeMetrics.
    const { computeMetrics } = await import("@/domain/portfolio/metrics");
    const start = new Date();
    start.setUTCMonth(start.getUTCMonth() - 24);
    const from = DATES.findIndex((d) => d >= start.toISOString().slice(0, 10));
    const w = { AAAA3: 0.5, BBBB4: 0.3, CCCC3: 0.2 };
    const rets = Object.fromEntries(
      Object.keys(w).map((t) => {
        const px = PRICES[t]!.slice(from);
        return [t, px.slice(1).map((p, i) => p / px[i]! - 1)];
      }),
    );
    const rp = rets.AAAA3!.map((_, i) => 0.5 * rets.AAAA3![i]! + 0.3 * rets.BBBB4![i]! + 0.2 * rets.CCCC3![i]!);
    const bpx = PRICES["^BVSP"]!.slice(from);
    const bench = bpx.slice(1).map((p, i) => p / bpx[i]! - 1);
    const rf = Math.pow(1.1065, 1 / 252) - 1;
    const m = computeMetrics(rp, { periodsPerYear: 252, riskFree: rf, benchmark: bench });

    expect(a.method).toBe("daily-rebalanced");
    expect(a.start).toBe(DATES[from]);
    expect(a.end).toBe(DATES[N - 1]);
    expect(a.metrics.periods).toBe(rp.length);
    expect(a.metrics.annualReturn).toBeCloseTo(m.annualReturn, 10);
    expect(a.metrics.annualVolatility).toBeCloseTo(m.annualVolatility, 10);
    expect(a.metrics.sharpe!).toBeCloseTo(m.sharpe!, 10);
    expect(a.metrics.maxDrawdown).toBeCloseTo(m.maxDrawdown, 10);
    expect(a.metrics.beta!).toBeCloseTo(m.beta!, 10);
    expect(a.metrics.alpha!).toBeCloseTo(m.alpha!, 10);
    expect(a.metrics.maxDrawdownPeak).toBe(DATES[from + m.maxDrawdownPeak]);
    expect(a.benchmark?.ticker).toBe("^BVSP");
    expect(a.assets.map((x) => x.ticker)).toEqual(["AAAA3", "BBBB4", "CCCC3"]);
    expect(a.correlation.matrix).toHaveLength(3);
    expect(a.correlation.matrix[0]![0]).toBeCloseTo(1, 12);
    expect(a.series.dates).toHaveLength(rp.length + 1);
    expect(a.series.normalised[0]).toBe(100);
    // Optimiser: min-vol no more volatile than max-Sharpe (or the reason it is unavailable), weights in bounds summing to 1.
    const o = a.optimisation;
    const sum = Object.values(o.minVolatility.weights).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(1, 6);
    if (o.maxSharpe) expect(o.minVolatility.volatility).toBeLessThanOrEqual(o.maxSharpe.volatility + 1e-9);
    else expect(o.maxSharpeUnavailable).toMatch(/risk-free/);
    expect(o.frontier.length).toBeGreaterThan(2);
    expect(o.current.volatility).toBeGreaterThan(0);

    const snap = data<SnapshotDto<PortfolioAnalysis> | null>(await alice.trpcQuery("portfolio.latest", { id: pid }));
    expect(snap?.runId).toBe(runId);
    expect(snap?.data.metrics.annualReturn).toBeCloseTo(m.annualReturn, 10);

    const preview = data<{
      frontier: unknown[];
      tickers: string[];
      minVolatility: { weights: Record<string, number> };
    }>(await alice.trpcQuery("portfolio.optimizePreview", { id: pid, points: 10, bounds: [0.1, 0.6] }));
    expect(preview.tickers).toEqual(["AAAA3", "BBBB4", "CCCC3"]);
    for (const v of Object.values(preview.minVolatility.weights)) {
      expect(v).toBeGreaterThanOrEqual(0.1 - 1e-9);
      expect(v).toBeLessThanOrEqual(0.6 + 1e-9);
    }
  });
});

describe("analysis runs", { timeout: 120_000 }, () => {
  it("analysis.asset: metrics, series, 52-week high and a snapshot", async () => {
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("analysis.asset", { ticker: "drop3", range: "2y" }),
    );
    const run = await settled(alice, runId);
    expect(run.status).toBe("succeeded");
    const a = run.result as AssetAnalysis;
    expect(a.ticker).toBe("DROP3");
    expect(a.high52w.drawdown).toBeCloseTo(-0.3, 10);
    expect(a.series.dates.length).toBe(a.series.prices.length);
    expect(a.series.rollingVolatility[0]).toBeNull();
    expect(a.metrics.maxDrawdown).toBeCloseTo(-0.3, 10);
    const snap = data<SnapshotDto<AssetAnalysis> | null>(
      await alice.trpcQuery("analysis.assetSnapshot", { ticker: "DROP3" }),
    );
    expect(snap?.runId).toBe(runId);
  });

  it("analysis.compare: aligned normalised series and a correlation matrix", async () => {
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("analysis.compare", { tickers: ["AAAA3", "BBBB4", "CCCC3"], range: "1y" }),
    );
    const run = await settled(alice, runId);
    expect(run.status).toBe("succeeded");
    const c = run.result as {
      tickers: string[];
      series: { dates: string[]; normalised: Record<string, number[]> };
      correlation: { matrix: number[][] };
    };
    expect(c.tickers).toEqual(["AAAA3", "BBBB4", "CCCC3"]);
    expect(c.series.normalised.BBBB4).toHaveLength(c.series.dates.length);
    expect(c.correlation.matrix[1]![1]).toBeCloseTo(1, 12);
  });

  it("analysis.batch: 20 assets in chunks of at most 7 (7, 7, 6); the summary equals one chunk per asset's", async () => {
    const tickers = Array.from({ length: 20 }, (_, k) => `BT${String(k + 1).padStart(2, "0")}3`);
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("analysis.batch", { tickers, range: "1y", chunkSize: 7 }),
    );
    const parent = await settled(alice, runId, 90_000);
    expect(parent.error).toBeNull();
    expect(parent.status).toBe("succeeded");
    expect(parent.task).toBe("workflow.chord");
    const s = parent.result as BatchSummary;
    expect(s.kind).toBe("batchSummary");
    expect(s.count).toBe(20);
    expect(s.analysed).toEqual(tickers);
    expect(s.failed).toEqual([]);
    expect(s.rows).toHaveLength(20);
    const best = Math.max(...s.rows.map((r) => r.sharpe ?? -Infinity));
    expect(s.bestSharpe?.sharpe).toBe(best);
    expect(s.rows[0]!.sharpe).toBe(best);

    const kids = data<{ task: string; status: string; step: number }[]>(
      await alice.trpcQuery("workflows.children", { id: runId }),
    );
    expect(kids.map((k) => [k.step, k.task, k.status])).toEqual([
      [0, "analysis.assetChunk", "succeeded"],
      [1, "analysis.assetChunk", "succeeded"],
      [2, "analysis.assetChunk", "succeeded"],
      [3, "analysis.batchSummary", "succeeded"],
    ]);

    // one asset a chunk (a run per asset, as before chunks): the very same summary
    const one = data<{ runId: string }>(
      await alice.trpcMutation("analysis.batch", { tickers, range: "1y", chunkSize: 1 }),
    );
    const each = await settled(alice, one.runId, 90_000);
    expect(each.status).toBe("succeeded");
    expect(each.result).toEqual(s);
    const refused = await alice.trpcMutation("analysis.batch", { tickers, range: "1y", chunkSize: 101 });
    expect(fieldOf(refused)).toBe("chunkSize must be a whole number within 1..100");

    // an asset that cannot be analysed is listed as failed; the chunk's other assets are kept
    const short = data<{ runId: string }>(
      await alice.trpcMutation("analysis.batch", { tickers: ["BT013", "SHRT3", "BT023"], range: "1y" }),
    );
    const mixed = await settled(alice, short.runId, 30_000);
    expect(mixed.status).toBe("succeeded");
    expect(mixed.result).toMatchObject({ count: 3, analysed: ["BT013", "BT023"], failed: ["SHRT3"] });
    const [chunk] = data<{ id: string }[]>(await alice.trpcQuery("workflows.children", { id: short.runId }));
    const c = data<{ result: { failed: { ticker: string; message: string }[] } }>(
      await alice.trpcQuery("runs.get", { id: chunk!.id }),
    );
    expect(c.result.failed).toEqual([
      { ticker: "SHRT3", message: expect.stringMatching(/^ticker: SHRT3 has only 10 prices in the range 1y/) },
    ]);
  });

  it("analysis.opportunities: the asset 30 % below its 52-week high is flagged with its explanation", async () => {
    const { runId } = data<{ runId: string }>(await alice.trpcMutation("analysis.runOpportunities", {}));
    const run = await settled(alice, runId);
    expect(run.status).toBe("succeeded");
    const r = run.result as OpportunitiesResult;
    expect(r.rules.map((x) => x.id)).toEqual([
      "drawdownFromHigh",
      "momentumLowVol",
      "valuationVsSector",
      "dividendYield",
      "lowVolatility",
    ]);
    const fall = r.opportunities.filter((o) => o.rule === "drawdownFromHigh");
    expect(fall.map((o) => o.ticker)).toEqual(["DROP3"]);
    expect(fall[0]!.explanation).toMatch(/^DROP3 is 30\.0 % below its 52-week high of /);
    expect(fall[0]!.values.drawdown as number).toBeCloseTo(-0.3, 10);
    expect(r.opportunities.filter((o) => o.rule === "dividendYield").map((o) => o.ticker)).toEqual(["CCCC3"]);
    expect(r.skipped.map((s) => s.ticker)).toEqual(["SHRT3"]);
    expect(r.opportunities.some((o) => o.ticker === "^BVSP")).toBe(false);
    const snap = data<SnapshotDto<OpportunitiesResult> | null>(await alice.trpcQuery("analysis.opportunities"));
    expect(snap?.runId).toBe(runId);
  });

  it("analysis.opportunities and analysis.rankings accept {} (a system schedule's input)", async () => {
    const { enqueue } = await import("@/runs/enqueue");
    const { analysisRankingsTask, analysisOpportunitiesTask, analysisAllPortfoliosTask } =
      await import("./analysis.task");
    const rk = await enqueue(analysisRankingsTask, analysisRankingsTask.complete!({}) as never, { ownerId: null });
    const op = await enqueue(analysisOpportunitiesTask, analysisOpportunitiesTask.complete!({}) as never, {
      ownerId: null,
    });
    const all = await enqueue(analysisAllPortfoliosTask, analysisAllPortfoliosTask.complete!(undefined) as never, {
      ownerId: null,
    });
    const { waitForRun } = await import("@/test/wait-for-run");
    const ended = (s: string) => ["succeeded", "failed", "dead", "cancelled"].includes(s);
    const [r1, r2, r3] = await Promise.all([rk, op, all].map((x) => waitForRun(x.id, (r) => ended(r.status), 30_000)));
    expect([r1!.status, r2!.status, r3!.status]).toEqual(["succeeded", "succeeded", "succeeded"]);
    const rankings = r1!.result as RankingsResult;
    expect(rankings.window).toBe(252);
    expect(rankings.by.volatility).toHaveLength(rankings.rows.length);
    expect(rankings.rows.length).toBeGreaterThanOrEqual(24);
    expect(rankings.skipped.map((s) => s.ticker)).toEqual(["SHRT3"]);
    const top = rankings.rows[0]!;
    expect(top.ranks.sharpe).toBe(1);
    expect((r3!.result as { analysed: number }).analysed).toBeGreaterThanOrEqual(1);
    const snap = data<SnapshotDto<RankingsResult> | null>(await alice.trpcQuery("analysis.rankings"));
    expect(snap?.runId).toBe(r1!.id);
  });
});

describe("bad input names the field", { timeout: 60_000 }, () => {
  it("refuses an unknown ticker, weights not summing to 1, a long name and a risk-free rate out of range", async () => {
    const unknown = await alice.trpcMutation("portfolio.create", {
      name: "x",
      holdings: [
        { ticker: "AAAA3", weight: 0.5 },
        { ticker: "ZZZZ9", weight: 0.5 },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toBe(
      "holdings[1].ticker: ZZZZ9 is not a known asset; add it on the assets page (or collect it) first",
    );
    expect(errorOf(unknown).data.fields?.[0]?.path).toBe("holdings.1.ticker");

    const sum = await alice.trpcMutation("portfolio.create", {
      name: "x",
      holdings: [
        { ticker: "AAAA3", weight: 0.5 },
        { ticker: "BBBB4", weight: 0.4 },
      ],
    });
    expect(sum.status).toBe(400);
    expect(fieldOf(sum)).toMatch(/^holdings: the weights must sum to 1 \(±0\.000001\); they sum to 0\.9 — /);

    const long = await alice.trpcMutation("portfolio.create", { name: "n".repeat(101) });
    expect(fieldOf(long)).toBe("name must be at most 100 characters");
    const rf = await alice.trpcMutation("portfolio.create", { name: "x", riskFree: 2 });
    expect(fieldOf(rf)).toMatch(/^riskFree must be within -0\.5\.\.1/);
    const neg = await alice.trpcMutation("portfolio.create", {
      name: "x",
      holdings: [{ ticker: "AAAA3", weight: -1 }],
    });
    expect(errorOf(neg).data.fields?.[0]?.path).toBe("holdings.0.weight");
    const many = await alice.trpcMutation("analysis.compare", { tickers: ["AAAA3"] });
    expect(fieldOf(many)).toBe("tickers must have at least 2 assets to compare");
    const bounds = await alice.trpcQuery("portfolio.optimizePreview", {
      id: "00000000-0000-4000-8000-000000000000",
      bounds: [0.6, 0.2],
    });
    expect(fieldOf(bounds)).toBe("bounds: lower must not exceed upper");
  });

  it("a too-short series fails the run naming the field, without retry", async () => {
    const { runId } = data<{ runId: string }>(await alice.trpcMutation("analysis.asset", { ticker: "SHRT3" }));
    const run = await settled(alice, runId);
    expect(run.status).toBe("failed");
    expect(run.error?.message).toBe(
      "ticker: SHRT3 has only 10 prices in the range 2y; at least 20 are needed (collect more history or widen the range)",
    );
  });

  it("infeasible weight bounds in a preview are refused naming bounds", async () => {
    const p = data<PortfolioDto>(
      await alice.trpcMutation("portfolio.create", {
        name: "two",
        holdings: [
          { ticker: "AAAA3", weight: 0.5 },
          { ticker: "BBBB4", weight: 0.5 },
        ],
      }),
    );
    const r = await alice.trpcQuery("portfolio.optimizePreview", { id: p.id, bounds: [0.6, 0.9] });
    expect(r.status).toBe(400);
    expect(errorOf(r).data.fields?.[0]?.path).toBe("bounds");
  });
});

describe("HTTP API", { timeout: 60_000 }, () => {
  it("creates a portfolio, refuses an unknown holding naming it, queues an analysis and reads the snapshots", async () => {
    const created = await alice.api("/api/v1/portfolios", {
      method: "POST",
      body: JSON.stringify({ name: "API", riskFree: 0.1, holdings: [{ ticker: "AAAA3", weight: 1 }] }),
    });
    expect(created.status).toBe(201);
    const id = (created.body as PortfolioDto).id;
    const bad = await alice.api(`/api/v1/portfolios/${id}/holdings`, {
      method: "PUT",
      body: JSON.stringify({ holdings: [{ ticker: "ZZZZ9", weight: 1 }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: "holdings[0].ticker: ZZZZ9 is not a known asset; add it on the assets page (or collect it) first",
        fields: [
          {
            path: "holdings.0.ticker",
            message: "holdings[0].ticker: ZZZZ9 is not a known asset; add it on the assets page (or collect it) first",
          },
        ],
      },
    });
    const sum = await alice.api(`/api/v1/portfolios/${id}/holdings`, {
      method: "PUT",
      body: JSON.stringify({ holdings: [{ ticker: "AAAA3", weight: 0.7 }] }),
    });
    expect(sum.status).toBe(400);
    expect((sum.body as { error: { message: string } }).error.message).toMatch(
      /^holdings: holdings: the weights must sum to 1/,
    );
    expect((await bob.api(`/api/v1/portfolios/${id}`)).status).toBe(404);

    const q = await alice.api(`/api/v1/portfolios/${id}/analyze`, {
      method: "POST",
      body: "{}",
    });
    expect(q.status).toBe(202);
    const run = await settled(alice, (q.body as { runId: string }).runId);
    expect(run.status).toBe("succeeded");
    expect((run.result as PortfolioAnalysis).optimisation.frontierUnavailable).toBe(
      "a frontier needs at least 2 assets",
    );

    const opp = await alice.api("/api/v1/analysis/opportunities");
    expect(opp.status).toBe(200);
    expect((opp.body as SnapshotDto<OpportunitiesResult>).data.kind).toBe("opportunities");
    const removed = await alice.api(`/api/v1/portfolios/${id}`, {
      method: "DELETE",
    });
    expect(removed.body).toEqual({ removed: true });
  });

  // The figure for 1,000 assets (their prices seeded first; the last test, as the universe grows): PORTFOLIO_BATCH_ASSETS=1000.
  const assets = Number(process.env.PORTFOLIO_BATCH_ASSETS ?? 0);
  it.runIf(assets > 0)(
    `analysis.batch of ${assets} assets in chunks of 50 (wall time)`,
    { timeout: 600_000 },
    async () => {
      const tickers = Array.from({ length: assets }, (_, k) => `B${k.toString(36).padStart(3, "0").toUpperCase()}3`);
      const px = smooth(7, 0.0002);
      await seedPrices(DATES, Object.fromEntries(tickers.map((t) => [t, px]))); // last: the universe grows
      const t0 = Date.now();
      const { runId } = data<{ runId: string }>(await alice.trpcMutation("analysis.batch", { tickers, range: "1y" }));
      const parent = await settled(alice, runId, 590_000);
      const ms = Date.now() - t0;
      expect(parent.status).toBe("succeeded");
      expect((parent.result as BatchSummary).analysed).toEqual(tickers);
      console.log(
        `analysis.batch of ${assets} assets: ${Math.ceil(assets / 50)} chunk runs + summary ${(ms / 1000).toFixed(1)} s`,
      );
    },
  );
});
