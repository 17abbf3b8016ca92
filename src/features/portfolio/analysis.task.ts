/**
 * The analysis tasks (queue "analysis"): analysis.asset, analysis.compare, analysis.portfolio,
 * analysis.allPortfolios, analysis.batch (+ its chord callback analysis.batchSummary),
 * analysis.opportunities and analysis.rankings. Thin: the work is in ./analysis.service and
 * ./analysis.screening; refused inputs fail the run at once with the field in the message.
 */
import type { OwnerScope } from "@/accounts/viewer";
import { findUser } from "@/accounts/user.repository";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { DAY_MS } from "@/domain/shared/dates";
import { mean as meanOf } from "@/domain/shared/stats";
import { defaultsOf, defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import { startWorkflow } from "@/runs/workflow";
import type { TaskCatalog } from "@/runs/task-catalog";
import { ensureAssets, MarketProviderError } from "@/features/market";
import type { AssetSummary, BatchSummary } from "./analysis.types";
import { analyzeAssetData, compareData, summariseAsset } from "./analysis.service";
import { analyzePortfolioData } from "./portfolio-analysis.service";
import { loadUniverse, rankAssets, screenOpportunities, type ScreenAsset } from "./analysis.screening";
import {
  ZAllPortfoliosResult,
  ZAnalysisAssetResult,
  ZBatchSummary,
  ZComparison,
  ZOpportunitiesResult,
  ZPortfolioAnalysis,
  ZRankingsResult,
  ZStartedBatch,
} from "./analysis.output";
import { PortfolioNotFoundError } from "./portfolio.errors";
import { listAllPortfolioIds, upsertSnapshot } from "./portfolio.repository";
import {
  ZAllPortfoliosInput,
  ZAnalysisAssetInput,
  ZAnalysisBatchInput,
  ZAnalysisCompareInput,
  ZAnalysisPortfolioInput,
  ZOpportunitiesInput,
  ZRankingsInput,
  type AnalysisRange,
} from "./portfolio.schemas";
import { z } from "zod";

/** A refused input: the run fails without retry; `field` names the input (kept in the run's error). */
export class AnalysisInputError extends NonRetriableError {
  readonly field: string;
  constructor(field: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.field = field;
  }
}

/** The engine's and the providers' refusals as run errors; retriable provider failures are retried. */
export function asRunError(e: unknown): unknown {
  if (e instanceof PortfolioInputError) return new AnalysisInputError(e.field, e.message, e);
  if (e instanceof PortfolioNotFoundError) return new NonRetriableError(e.message, { cause: e });
  if (e instanceof MarketProviderError) {
    const field = (e as { field?: string }).field;
    if (field) return new AnalysisInputError(field, e.message, e);
    return e.retriable ? e : new NonRetriableError(e.message, { cause: e });
  }
  return e;
}

/** Runs `f`, throwing what it throws as a run error (asRunError). */
export async function withRunErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asRunError(e);
  }
}

/** What the run's owner may see: a system run (no owner) or an admin's sees every portfolio. */
export async function scopeOfRun(runId: string): Promise<OwnerScope> {
  const run = await findRun(runId);
  const ownerId = run?.ownerId ?? null;
  if (ownerId === null) return { kind: "all" };
  const user = await findUser(ownerId);
  return user?.role === "admin" ? { kind: "all" } : { kind: "owner", ownerId };
}

const DAY = DAY_MS;
/** One asset, comparison or portfolio: retried once after 5 s. */
const ONE_ANALYSIS = { queue: "analysis", retry: { attempts: 2, backoffMs: 5000 }, resultTtlMs: 7 * DAY } as const;
/** A workflow's start or its callback: one quick attempt. */
const WORKFLOW_STEP = {
  queue: "analysis",
  retry: { attempts: 1 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 7 * DAY,
} as const;

const ZAssetTaskInput = ZAnalysisAssetInput.extend({
  /** "summary": answer only the metrics (a batch's members, so the chord callback's input stays small). */
  detail: z.enum(["full", "summary"], { error: "detail must be full or summary" }).default("full"),
});

export const analysisAssetTask = defineTask({
  name: "analysis.asset",
  ...ONE_ANALYSIS,
  input: ZAssetTaskInput,
  output: ZAnalysisAssetResult,
  timeout: { softMs: 5 * 60_000 },
  handler: (input, ctx) =>
    withRunErrors(async () => {
      ctx.progress(0.1, "prices", input.ticker);
      const a = await analyzeAssetData(input.ticker, { range: input.range, signal: ctx.signal, ensure: ensureAssets });
      ctx.progress(0.9, "save", input.ticker);
      await upsertSnapshot({ kind: "asset", key: a.ticker, runId: ctx.runId, data: a });
      return input.detail === "summary" ? summariseAsset(a) : a;
    }),
});

export const analysisCompareTask = defineTask({
  name: "analysis.compare",
  ...ONE_ANALYSIS,
  input: ZAnalysisCompareInput,
  output: ZComparison,
  timeout: { softMs: 5 * 60_000 },
  handler: (input, ctx) =>
    withRunErrors(async () => {
      ctx.progress(0.1, "prices", input.tickers.join(", "));
      const c = await compareData(input.tickers, { range: input.range, signal: ctx.signal, ensure: ensureAssets });
      ctx.progress(1, "done");
      return c;
    }),
});

export const analysisPortfolioTask = defineTask({
  name: "analysis.portfolio",
  ...ONE_ANALYSIS,
  input: ZAnalysisPortfolioInput,
  output: ZPortfolioAnalysis,
  timeout: { softMs: 10 * 60_000 },
  handler: (input, ctx) =>
    withRunErrors(async () => {
      const scope = await scopeOfRun(ctx.runId);
      const a = await analyzePortfolioData(input.portfolioId, scope, {
        range: input.range,
        signal: ctx.signal,
        ensure: ensureAssets,
        ...(input.bounds ? { bounds: input.bounds } : {}),
        progress: (stage, fraction, message) => ctx.progress(fraction, stage, message),
      });
      ctx.progress(0.9, "save", "saving the analysis");
      await upsertSnapshot({ kind: "portfolio", key: input.portfolioId, runId: ctx.runId, data: a });
      ctx.progress(1, "save", "saved");
      return a;
    }),
});

const MAX_PORTFOLIOS = 10_000;

export const analysisAllPortfoliosTask = defineTask({
  name: "analysis.allPortfolios",
  queue: "analysis",
  input: ZAllPortfoliosInput,
  output: ZAllPortfoliosResult,
  complete: defaultsOf(ZAllPortfoliosInput),
  retry: { attempts: 1 },
  timeout: { softMs: 60 * 60_000 },
  resultTtlMs: 7 * DAY,
  handler: async (input, ctx) => {
    const list = await listAllPortfolioIds(MAX_PORTFOLIOS);
    const failed: { id: string; name: string; message: string }[] = [];
    let analysed = 0;
    for (const [i, p] of list.entries()) {
      ctx.signal.throwIfAborted();
      try {
        const a = await analyzePortfolioData(p.id, { kind: "all" }, { range: input.range, signal: ctx.signal });
        await upsertSnapshot({ kind: "portfolio", key: p.id, runId: ctx.runId, data: a });
        analysed++;
      } catch (e) {
        ctx.signal.throwIfAborted();
        const err = asRunError(e);
        if (!(err instanceof NonRetriableError) && !(err instanceof MarketProviderError)) throw e;
        if (failed.length < 200) failed.push({ id: p.id, name: p.name, message: err.message });
      }
      ctx.progress((i + 1) / list.length, "portfolio", `${i + 1} of ${list.length}: ${p.name}`);
    }
    if (failed.length) await ctx.log(`${failed.length} portfolio(s) could not be analysed; see the result`, "warn");
    return { portfolios: list.length, analysed, failed };
  },
});

const ZBatchSummaryTaskInput = z.object({
  tickers: z.array(z.string()).max(500, "tickers must have at most 500 entries"),
  /** The members' results, in step order (null: that member did not succeed). */
  results: z.array(z.unknown()).max(500, "results must have at most 500 entries").default([]),
});

/** Best/worst of the members' metrics. */
export function summariseBatch(tickers: readonly string[], results: readonly unknown[]): BatchSummary {
  const ok: AssetSummary[] = [];
  const failed: string[] = [];
  tickers.forEach((t, i) => {
    const r = results[i] as Partial<AssetSummary> | null | undefined;
    if (r && typeof r === "object" && r.metrics && typeof r.ticker === "string") ok.push(r as AssetSummary);
    else failed.push(t);
  });
  const rows = ok.map((a) => ({
    ticker: a.ticker,
    annualReturn: a.metrics.annualReturn,
    annualVolatility: a.metrics.annualVolatility,
    sharpe: a.metrics.sharpe,
    maxDrawdown: a.metrics.maxDrawdown,
  }));
  const pick = <K extends keyof (typeof rows)[number]>(key: K, better: (a: number, b: number) => boolean) => {
    let best: (typeof rows)[number] | null = null;
    for (const r of rows) {
      const v = r[key] as number | null;
      if (v === null || !Number.isFinite(v)) continue;
      if (!best || better(v, best[key] as number)) best = r;
    }
    return best;
  };
  const mean = (xs: number[]) => (xs.length ? meanOf(xs) : 0);
  const sharpes = rows.map((r) => r.sharpe).filter((v): v is number => v !== null && Number.isFinite(v));
  const bs = pick("sharpe", (a, b) => a > b);
  const ws = pick("sharpe", (a, b) => a < b);
  const br = pick("annualReturn", (a, b) => a > b);
  const wd = pick("maxDrawdown", (a, b) => a < b);
  const lv = pick("annualVolatility", (a, b) => a < b);
  return {
    kind: "batchSummary",
    count: tickers.length,
    analysed: rows.map((r) => r.ticker),
    failed,
    bestSharpe: bs && { ticker: bs.ticker, sharpe: bs.sharpe },
    worstSharpe: ws && { ticker: ws.ticker, sharpe: ws.sharpe },
    bestReturn: br && { ticker: br.ticker, annualReturn: br.annualReturn },
    worstDrawdown: wd && { ticker: wd.ticker, maxDrawdown: wd.maxDrawdown },
    lowestVolatility: lv && { ticker: lv.ticker, annualVolatility: lv.annualVolatility },
    averages: {
      annualReturn: mean(rows.map((r) => r.annualReturn)),
      annualVolatility: mean(rows.map((r) => r.annualVolatility)),
      sharpe: sharpes.length ? mean(sharpes) : null,
    },
    rows: rows.sort((a, b) => (b.sharpe ?? -Infinity) - (a.sharpe ?? -Infinity) || a.ticker.localeCompare(b.ticker)),
  };
}

export const analysisBatchSummaryTask = defineTask({
  name: "analysis.batchSummary",
  ...WORKFLOW_STEP,
  input: ZBatchSummaryTaskInput,
  output: ZBatchSummary,
  handler: (input) => summariseBatch(input.tickers, input.results),
});

/** The chord: one analysis.asset (summary detail) per ticker, then analysis.batchSummary with all results. */
export async function startBatchWorkflow(
  tickers: readonly string[],
  range: AnalysisRange,
  ownerId: string | null,
  tasks: TaskCatalog,
) {
  return startWorkflow(
    {
      kind: "chord",
      name: `Analysis of ${tickers.length} asset${tickers.length === 1 ? "" : "s"}`,
      failurePolicy: "continue",
      steps: tickers.map((ticker) => ({
        task: analysisAssetTask.name,
        input: { ticker, range, detail: "summary" },
        weight: 1,
      })),
      callback: { task: analysisBatchSummaryTask.name, input: { tickers: [...tickers] }, pipe: "results", weight: 1 },
    },
    { ownerId, tasks },
  );
}

export const analysisBatchTask = defineTask({
  name: "analysis.batch",
  ...WORKFLOW_STEP,
  input: ZAnalysisBatchInput,
  output: ZStartedBatch,
  handler: async (input, ctx) => {
    const run = await findRun(ctx.runId);
    const wf = await startBatchWorkflow(input.tickers, input.range, run?.ownerId ?? null, ctx.tasks);
    return { workflowRunId: wf.id, tickers: input.tickers };
  },
});

/**
 * A screen of the asset universe (analysis.opportunities, analysis.rankings): up to `maxAssets`
 * assets' prices over `range`, then `screen` (the stage it names), the result saved as the
 * snapshot of `kind` and returned; `saved` says what it found.
 */
function universeTask<I extends { maxAssets: number }, O>(def: {
  name: string;
  input: z.ZodType<I>;
  output: z.ZodType<O>;
  range: (input: I) => Parameters<typeof loadUniverse>[0]["range"];
  stage: string;
  screen: (universe: ScreenAsset[], input: I) => NoInfer<O>;
  saved: (result: O) => string;
  kind: string;
}) {
  return defineTask({
    name: def.name,
    queue: "analysis",
    input: def.input,
    output: def.output,
    complete: defaultsOf(def.input),
    retry: { attempts: 2, backoffMs: 10_000 },
    timeout: { softMs: 30 * 60_000 },
    resultTtlMs: 7 * DAY,
    handler: async (input, ctx) => {
      const range = def.range(input);
      const universe = await loadUniverse({ maxAssets: input.maxAssets, range, signal: ctx.signal }, (f, m) =>
        ctx.progress(f * 0.7, "prices", m),
      );
      ctx.progress(0.75, def.stage, `${universe.length} assets`);
      const result = def.screen(universe, input);
      ctx.progress(0.95, "save", def.saved(result));
      await upsertSnapshot({ kind: def.kind, key: "all", runId: ctx.runId, data: result });
      return result;
    },
  });
}

export const analysisOpportunitiesTask = universeTask({
  name: "analysis.opportunities",
  input: ZOpportunitiesInput,
  output: ZOpportunitiesResult,
  range: () => "2y",
  stage: "rules",
  screen: (universe) => screenOpportunities(universe),
  saved: (r) => `${r.opportunities.length} opportunities`,
  kind: "opportunities",
});

export const analysisRankingsTask = universeTask({
  name: "analysis.rankings",
  input: ZRankingsInput,
  output: ZRankingsResult,
  range: (input) => (input.window <= 480 ? "2y" : input.window <= 1200 ? "5y" : "10y"),
  stage: "rank",
  screen: (universe, input) => rankAssets(universe, input.window),
  saved: (r) => `${r.rows.length} ranked`,
  kind: "rankings",
});

export const analysisTasks = [
  analysisAssetTask,
  analysisCompareTask,
  analysisPortfolioTask,
  analysisAllPortfoliosTask,
  analysisBatchTask,
  analysisBatchSummaryTask,
  analysisOpportunitiesTask,
  analysisRankingsTask,
] as const;
