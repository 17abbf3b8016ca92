/**
 * The market slice end to end on real Postgres with a real worker: collecting an asset (the offline
 * demo provider, and Yahoo/brapi through the local replay server in their real shapes), collecting
 * again (idempotent), an unknown ticker (a failed run with the provider's reason, no retry), CSV
 * import (refusals name line and column), the asset view with its drawdown, the scheduled refreshes
 * with `{}` input, cleanup (old news and snapshots go; report files are the reports slice's; prices stay), a batch
 * collection (a group workflow of N runs) and the HTTP endpoints.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { Caller, startHarness, uniqueEmail, type Harness, trpcData } from "@/test/http-harness";
import { startMarketReplay, type MarketReplay } from "@/test/market-replay-server";
import brapiPlan from "@/features/market/providers/fixtures/brapi-plan-range.json";
import type { FluxoWorker } from "@/worker/runner";
import type { AnyTask } from "@/runs/define-task";

let h: Harness;
let worker: FluxoWorker;
let user: Caller;
let client: pg.Client;
let replay: MarketReplay;

beforeAll(async () => {
  replay = await startMarketReplay();
  h = await startHarness("fluxo_test_market", {
    MARKET_PROVIDER: "demo",
    MARKET_HTTP_TIMEOUT_MS: "5000",
    RATE_LIMIT_SUBMIT_PER_MIN: "1000",
    ...replay.env,
  });
  user = new Caller(h);
  await user.signUp(uniqueEmail("investor")); // the first account: an admin
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
  const { configureMarketHttp } = await import("@/features/market/providers");
  configureMarketHttp({ retries: 0, retryBaseMs: 1 }); // a provider's 5xx reaches the run's retry at once
  const { marketTasks } = await import("@/features/market/market.task");
  worker = await startTestWorker(h.db.url, [...marketTasks] as never, 4);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await client?.end();
  await h?.close();
  await replay?.close();
});

const data = trpcData;

interface RunView {
  id: string;
  status: string;
  task: string;
  attempt: number;
  result: unknown;
  error: { name: string; message: string; field?: string } | null;
}
async function settled(runId: string, timeoutMs = 30_000): Promise<RunView> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const run = data<RunView>(await user.trpcQuery("runs.get", { id: runId }));
    if (["succeeded", "failed", "dead", "cancelled"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

async function startRun(path: string, input: unknown): Promise<string> {
  const r = await user.trpcMutation(path, input);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return data<{ runId: string }>(r).runId;
}

const priceCount = async (ticker: string) =>
  Number(
    (
      await client.query(
        "select count(*)::int as n from asset_prices p join assets a on a.id = p.asset_id where a.ticker = $1",
        [ticker],
      )
    ).rows[0].n,
  );

async function startTask(task: string, input: unknown = {}) {
  const { enqueue } = await import("@/runs/enqueue");
  const { marketTasks } = await import("@/features/market/market.task");
  const t = (marketTasks as readonly AnyTask[]).find((x) => x.name === task)!;
  expect(t, task).toBeDefined();
  const parsed = t.input.parse(t.complete ? t.complete(input) : input);
  return (await enqueue(t, parsed, { ownerId: null })).id;
}

interface CollectResult {
  ticker: string;
  source: string;
  bars: number;
  inserted: number;
  updated: number;
  first: string;
  last: string;
  fundamentals: boolean;
}

describe("market.collectAsset", () => {
  it("stores an asset's bars and fundamentals, and collecting again changes nothing new", async () => {
    const run = await settled(await startRun("market.collect", { ticker: "petr4.sa", provider: "demo", range: "1y" }));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const r = run.result as CollectResult;
    expect(r.ticker).toBe("PETR4");
    expect(r.source).toBe("demo");
    expect(r.bars).toBeGreaterThan(230);
    expect(r.inserted).toBe(r.bars);
    expect(r.fundamentals).toBe(true);
    expect(await priceCount("PETR4")).toBe(r.bars);

    const again = await settled(await startRun("market.collect", { ticker: "PETR4", provider: "demo", range: "1y" }));
    expect(again.status).toBe("succeeded");
    const r2 = again.result as CollectResult;
    expect(r2.inserted).toBe(0);
    expect(r2.updated).toBe(r.bars);
    expect(await priceCount("PETR4")).toBe(r.bars);
    const a = (await client.query("select source, price_earnings, last_price from assets where ticker = 'PETR4'"))
      .rows[0];
    expect(a.source).toBe("demo");
    expect(a.price_earnings).toBeGreaterThan(0);
    expect(a.last_price).toBeGreaterThan(0);
  });

  it("fails an unknown ticker at once with the provider's reason (no retry)", async () => {
    const run = await settled(await startRun("market.collect", { ticker: "ZZZZ3", provider: "demo" }));
    expect(run.status).toBe("failed");
    expect(run.attempt).toBe(1);
    expect(run.error?.name).toBe("UnknownTickerError");
    expect(run.error?.message).toMatch(/demo: unknown ticker ZZZZ3/);
    expect(run.error?.field).toBe("ticker");
  });

  it("refuses a malformed ticker naming the field", async () => {
    const r = await user.trpcMutation("market.collect", { ticker: "not a ticker!" });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/ticker/);
  });
});

describe("providers through the replay server", () => {
  it("collects from Yahoo's chart API in its real shape", async () => {
    const demoBars = await priceCount("PETR4");
    expect(demoBars).toBeGreaterThan(230); // the demo collection above
    const run = await settled(await startRun("market.collect", { ticker: "PETR4", provider: "yahoo", range: "1y" }));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const r = run.result as CollectResult & { replaced: number };
    expect(r.source).toBe("yahoo");
    // Every bar Yahoo answered with a price (its days the exchange was closed come as nulls) — asked again.
    const asked = replay.requests.filter((q) => q.route === "yahoo" && q.status === 200).at(-1)!;
    const answer = (await (
      await fetch(`${replay.url}${asked.path}?${new URLSearchParams(asked.query)}`, {
        headers: { "user-agent": "test" },
      })
    ).json()) as { chart: { result: { indicators: { quote: { close: (number | null)[] }[] } }[] } };
    const priced = answer.chart.result[0]!.indicators.quote[0]!.close.filter((c) => c !== null).length;
    expect(r.bars).toBe(priced);
    // PETR4 was demo data: every generated bar is dropped, never mixed with real ones.
    expect(r.replaced).toBe(demoBars);
    expect(await priceCount("PETR4")).toBe(r.bars);
  });

  it("fails an unknown Yahoo ticker with Yahoo's reason", async () => {
    const run = await settled(await startRun("market.collect", { ticker: "XXXX3", provider: "yahoo" }));
    expect(run.status).toBe("failed");
    expect(run.attempt).toBe(1);
    expect(run.error?.message).toMatch(/yahoo/i);
  });

  it("fails on a brapi plan refusal at once, with brapi's reason", async () => {
    replay.setFault("brapi", { kind: "status", status: 402, body: brapiPlan, times: 1 });
    const run = await settled(await startRun("market.collect", { ticker: "BBAS3", provider: "brapi", range: "10y" }));
    expect(run.status).toBe("failed");
    expect(run.attempt).toBe(1);
    expect(run.error?.message).toMatch(/^brapi: /);
  });

  it("retries a provider's 5xx (a run error naming the provider), and cancelling stops it", async () => {
    replay.setFault("yahoo", { kind: "status", status: 503 });
    try {
      const runId = await startRun("market.collect", { ticker: "MGLU3", provider: "yahoo", range: "1mo" });
      const { waitForRun } = await import("@/test/wait-for-run");
      const r = await waitForRun(runId, (x) => x.status === "retrying", 20_000);
      expect(JSON.stringify(r.error)).toMatch(/yahoo/);
      expect((await user.trpcMutation("runs.cancel", { id: runId })).status).toBe(200);
      expect((await settled(runId)).status).toBe("cancelled");
    } finally {
      replay.setFault("yahoo", null);
    }
  });

  it("reads the news feeds and tags the known tickers each item names", async () => {
    const run = await settled(await startTask("market.updateNews"));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const r = run.result as { feeds: number; fetched: number; inserted: number };
    // The two configured feeds (fixtures: an RSS feed of 3 items, an Atom feed of 2 entries).
    expect(r.feeds).toBe(2);
    expect(r.fetched).toBe(5);
    const news = data<{ title: string; tickers: string[] }[]>(await user.trpcQuery("market.news", { limit: 50 }));
    expect(news).toHaveLength(r.inserted);
    expect(r.inserted).toBe(5);
    expect(news.find((n) => n.title.includes("Petrobras"))?.tickers).toContain("PETR4");
    const again = await settled(await startTask("market.updateNews"));
    expect((again.result as { inserted: number }).inserted).toBe(0); // duplicates skipped
  });
});

describe("adding and watching", () => {
  it("adds a demo ticker: the run collects it and the viewer follows it", async () => {
    const r = await user.trpcMutation("market.add", { ticker: "VALE3", provider: "demo", range: "6mo" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const run = await settled(data<{ runId: string }>(r).runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const list = data<{ watched: { ticker: string; lastPrice: number; change: number | null }[]; all: unknown[] }>(
      await user.trpcQuery("market.list"),
    );
    const vale = list.watched.find((a) => a.ticker === "VALE3");
    expect(vale?.lastPrice).toBeGreaterThan(0);
    expect(vale?.change).not.toBeNull();
    expect(list.all.length).toBeGreaterThanOrEqual(2);

    expect((await user.trpcMutation("market.unwatch", { ticker: "VALE3" })).status).toBe(200);
    const after = data<{ watched: { ticker: string }[] }>(await user.trpcQuery("market.list"));
    expect(after.watched.some((a) => a.ticker === "VALE3")).toBe(false);
    expect((await user.trpcMutation("market.watch", { ticker: "VALE3" })).status).toBe(200);
  });

  it("shows an asset over a range with its drawdown from the running high", async () => {
    const r = await user.trpcQuery("market.get", { ticker: "PETR4", range: "3m" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = data<{
      bars: { date: string; adjClose: number }[];
      drawdown: number[];
      summary: { maxDrawdown: number };
    }>(r);
    expect(d.bars.length).toBeGreaterThan(55);
    expect(d.bars.length).toBeLessThan(70);
    expect(d.drawdown).toHaveLength(d.bars.length);
    expect(d.drawdown[0]).toBe(0);
    expect(d.drawdown.every((v) => v <= 0)).toBe(true);
    expect(d.summary.maxDrawdown).toBe(Math.min(...d.drawdown));
    for (let i = 1; i < d.bars.length; i++) expect(d.bars[i]!.date > d.bars[i - 1]!.date).toBe(true);

    const missing = await user.trpcQuery("market.get", { ticker: "NOPE3" });
    expect(missing.status).toBe(404);
    const bad = await user.trpcQuery("market.get", { ticker: "PETR4", range: "2w" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/range must be one of 1m, 3m, 6m, 1y, 5y, max/);
  });

  it("searches known assets, the demo set and offers a ticker nobody added", async () => {
    const s = data<{ known: { ticker: string }[]; demo: { ticker: string }[]; candidate: string | null }>(
      await user.trpcQuery("market.search", { q: "itub" }),
    );
    expect(s.demo.map((d) => d.ticker)).toContain("ITUB4");
    const k = data<{ known: { ticker: string }[] }>(await user.trpcQuery("market.search", { q: "PETR" }));
    expect(k.known.map((a) => a.ticker)).toContain("PETR4");
    const c = data<{ candidate: string | null }>(await user.trpcQuery("market.search", { q: "taee11" }));
    expect(c.candidate).toBe("TAEE11");
  });
});

describe("CSV import", () => {
  const good = [
    "date;open;high;low;close;adj close;volume",
    "02/01/2024;10;11;9,5;10,5;10,2;1000",
    "03/01/2024;10,5;11;10;11;10,7;1200",
    "04/01/2024;11;12;10,8;10,9;10,6;900",
  ].join("\n");

  it("imports a file as a csv asset the viewer follows", async () => {
    const r = await user.trpcMutation("market.importCsv", { ticker: "CSVT3", name: "My CSV", text: good });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const out = data<{ ticker: string; bars: number; inserted: number; first: string; last: string }>(r);
    expect(out).toMatchObject({ ticker: "CSVT3", bars: 3, inserted: 3, first: "2024-01-02", last: "2024-01-04" });
    const a = (await client.query("select source, name, last_price from assets where ticker = 'CSVT3'")).rows[0];
    expect(a).toMatchObject({ source: "csv", name: "My CSV", last_price: 10.9 });
    const again = data<{ inserted: number; updated: number }>(
      await user.trpcMutation("market.importCsv", { ticker: "CSVT3", text: good }),
    );
    expect(again).toMatchObject({ inserted: 0, updated: 3 });
  });

  it("refuses a bad line naming the line and the column", async () => {
    const bad = good.replace("03/01/2024;10,5;11;10;11;", "03/01/2024;10,5;11;10;abc;");
    const r = await user.trpcMutation("market.importCsv", { ticker: "CSVU3", text: bad });
    expect(r.status).toBe(400);
    const fields = (r.body as { error: { data: { fields: { path: string; message: string }[] } } }).error.data.fields;
    expect(fields[0]!.path).toBe("text");
    expect(fields[0]!.message).toMatch(/line 3/);
    expect(fields[0]!.message).toMatch(/close/);
    expect((await client.query("select count(*)::int n from assets where ticker = 'CSVU3'")).rows[0].n).toBe(0);
  });

  it("does not collect a csv asset from a provider unless one is named", async () => {
    const run = await settled(await startRun("market.collect", { ticker: "CSVT3" }));
    expect(run.status).toBe("failed");
    expect(run.error?.message).toMatch(/imported from CSV/);
  });
});

describe("scheduled tasks accept {}", () => {
  it("updatePrices refreshes every provider-sourced asset, not the csv ones", async () => {
    const run = await settled(await startTask("market.updatePrices"));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const r = run.result as { assets: number; failed: unknown[] };
    const n = (await client.query("select count(*)::int n from assets where source <> 'csv'")).rows[0].n;
    expect(r.assets).toBe(n);
  });

  it("updateFundamentals stores P/E, dividend yield and market cap", async () => {
    const run = await settled(await startTask("market.updateFundamentals"));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    expect((run.result as { updated: number }).updated).toBeGreaterThan(0);
  });

  it("cleanup deletes old news and snapshots, leaves report files to reports.cleanup, and keeps the prices", async () => {
    const { insertNews } = await import("@/features/market/market.repository");
    const old = new Date(Date.now() - 200 * 86_400_000);
    await insertNews([
      {
        feed: "t",
        guid: "old",
        title: "Old PETR4 news",
        link: null,
        summary: null,
        publishedAt: old,
        tickers: ["PETR4"],
      },
      {
        feed: "t",
        guid: "new",
        title: "New PETR4 news",
        link: null,
        summary: null,
        publishedAt: new Date(),
        tickers: ["PETR4"],
      },
    ]);
    const runId = randomUUID();
    await client.query(
      "insert into report_files (id, run_id, kind, format, title, filename, mime, bytes, size, created_at) values ($1, $2, 'asset', 'md', 't', 't.md', 'text/markdown', '\\x00', 1, $3)",
      [randomUUID(), runId, old],
    );
    await client.query(
      "insert into analysis_snapshots (kind, key, run_id, data, created_at) values ('asset', 'OLD1', $1, '{}', $2), ('asset', 'NEW1', $1, '{}', now())",
      [runId, old],
    );
    const pricesBefore = (await client.query("select count(*)::int n from asset_prices")).rows[0].n;
    const run = await settled(await startTask("market.cleanup"));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    expect((run.result as { olderThanDays: number }).olderThanDays).toBe(90);
    expect((await client.query("select guid from news_items where feed = 't'")).rows.map((r) => r.guid)).toEqual([
      "new",
    ]);
    // Report files are the reports slice's (reports.cleanup): the market's cleanup leaves them.
    expect((await client.query("select count(*)::int n from report_files where run_id = $1", [runId])).rows[0].n).toBe(
      1,
    );
    expect(
      (await client.query("select key from analysis_snapshots where run_id = $1", [runId])).rows.map((r) => r.key),
    ).toEqual(["NEW1"]);
    expect((await client.query("select count(*)::int n from asset_prices")).rows[0].n).toBe(pricesBefore);
    const news = data<{ title: string }[]>(await user.trpcQuery("market.news", { tickers: ["PETR4"], limit: 10 }));
    expect(news.map((n) => n.title)).toContain("New PETR4 news");
  });

  it("refuses a cleanup window out of bounds naming the field", async () => {
    const { ZCleanupInput } = await import("@/features/market/market.schemas");
    expect(ZCleanupInput.safeParse({ olderThanDays: 3 }).error?.issues[0]?.message).toBe(
      "olderThanDays must be at least 7 days",
    );
  });
});

describe("daily chain", () => {
  it("starts the chain from the worker's catalog, and names the step the catalog lacks", async () => {
    // This test's worker knows the market's tasks only: the chain's last step (analysis.opportunities,
    // the portfolio slice's) is not in its catalog, so the chain is refused naming it.
    const lacking = await settled(await startTask("market.dailyChain"));
    expect(lacking.status).toBe("failed");
    expect(lacking.error?.message).toMatch(/analysis\.opportunities/);
    const { analysisTasks } = await import("@/features/portfolio/analysis.task");
    const { marketTasks } = await import("@/features/market/market.task");
    await worker.stop();
    worker = await startTestWorker(h.db.url, [...marketTasks, ...analysisTasks] as never, 4);
    const run = await settled(await startTask("market.dailyChain"));
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const wf = (run.result as { workflowRunId: string }).workflowRunId;
    const { waitForRun } = await import("@/test/wait-for-run");
    await waitForRun(wf, (r) => r.status !== "queued", 20_000);
    const first = (await client.query("select task from runs where parent_id = $1 and step = 0", [wf])).rows;
    expect(first.map((r) => r.task)).toEqual(["market.updatePrices"]);
  });
});

describe("batch collection", () => {
  it("collects N tickers as a group workflow that completes", async () => {
    const tickers = ["ITUB4", "BBDC4", "ABEV3", "WEGE3", "^BVSP"];
    const r = await user.trpcMutation("market.batchCollect", { tickers, provider: "demo", range: "6mo", watch: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const parent = await settled(data<{ runId: string }>(r).runId, 60_000);
    expect(parent.task).toBe("workflow.group");
    expect(parent.status, JSON.stringify(parent.error)).toBe("succeeded");
    const kids = (await client.query("select task, status from runs where parent_id = $1 order by step", [parent.id]))
      .rows;
    expect(kids).toHaveLength(tickers.length);
    expect(kids.every((k) => k.task === "market.collectAsset" && k.status === "succeeded")).toBe(true);
    const watched = data<{ watched: { ticker: string }[] }>(await user.trpcQuery("market.list")).watched.map(
      (a) => a.ticker,
    );
    for (const t of tickers) expect(watched).toContain(t);
  });

  it("the market.batchCollect task starts the workflow and answers its run id", async () => {
    const run = await settled(
      await startTask("market.batchCollect", { tickers: ["SUZB3", "ELET3"], provider: "demo", range: "1mo" }),
    );
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const wf = await settled((run.result as { workflowRunId: string }).workflowRunId, 60_000);
    expect(wf.status).toBe("succeeded");
  });

  it("refuses more than 100 tickers naming the field", async () => {
    const tickers = Array.from({ length: 101 }, (_, i) => `ABCD${(i % 99) + 1}`);
    const r = await user.trpcMutation("market.batchCollect", { tickers });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/tickers: at most 100 tickers/);
  });
});

describe("HTTP API", () => {
  it("lists, adds and shows assets", async () => {
    const list = await user.api("/api/v1/assets");
    expect(list.status).toBe(200);
    expect((list.body as { watched: unknown[] }).watched.length).toBeGreaterThan(0);

    const add = await user.api("/api/v1/assets", {
      method: "POST",
      body: JSON.stringify({ ticker: "RENT3", provider: "demo", range: "1mo" }),
    });
    expect(add.status, JSON.stringify(add.body)).toBe(202);
    const runId = (add.body as { runId: string }).runId;
    expect((await settled(runId)).status).toBe("succeeded");

    const one = await user.api("/api/v1/assets/RENT3?range=1m");
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    const body = one.body as { bars: unknown[]; drawdown: number[]; asset: { ticker: string; source: string } };
    expect(body.asset).toMatchObject({ ticker: "RENT3", source: "demo" });
    expect(body.drawdown).toHaveLength(body.bars.length);

    const bad = await user.api("/api/v1/assets/RENT3?range=9y");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/range/);
    const unknown = await user.api("/api/v1/assets/NOPE3");
    expect(unknown.status).toBe(404);
    const badAdd = await user.api("/api/v1/assets", {
      method: "POST",
      body: JSON.stringify({ ticker: "x" }),
    });
    expect(badAdd.status).toBe(400);
    expect(JSON.stringify(badAdd.body)).toMatch(/ticker/);
  });
});
