/**
 * analysis.batch in chunk runs: the tickers cut into chunks of near-equal size (at most `chunkSize`
 * each), a chord of analysis.assetChunk runs — Graphile spreads them over every worker — and
 * analysis.batchSummary as its callback, given every chunk's summaries (small: metrics only).
 */
import { splitEvenly } from "@/domain/shared/chunks";
import { DAY_MS } from "@/domain/shared/dates";
import { isRecord } from "@/domain/shared/guards";
import { mean as meanOf } from "@/domain/shared/stats";
import { defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import type { TaskCatalog } from "@/runs/task-catalog";
import { startWorkflow } from "@/runs/workflow";
import { ANALYSIS_ENGINE_VERSION } from "./engine-version";
import { analysisBatchMembersPartial } from "./analysis-batch-partial";
import { ensureAssets } from "@/features/market";
import { z } from "zod";
import { analyzeAssetData, summariseAsset } from "./analysis.service";
import { ZAssetChunkResult, ZBatchSummary, ZStartedBatch } from "./analysis.output";
import { asRunError } from "./analysis-run";
import type { AssetSummary, BatchSummary } from "./analysis.types";
import { upsertSnapshot } from "./portfolio.repository";
import { HISTORY_RANGES, PORTFOLIO_LIMITS as L, ZAnalysisBatchInput, type AnalysisRange } from "./portfolio.schemas";

/** A workflow's start or its callback: one quick attempt. */
const WORKFLOW_STEP = {
  queue: "analysis",
  retry: { attempts: 1 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 7 * DAY_MS,
} as const;

const ZAssetChunkInput = z.object({
  tickers: z
    .array(z.string())
    .min(1, "tickers must have at least 1 asset")
    .max(L.batchChunkSize[1], `tickers must have at most ${L.batchChunkSize[1]} assets per chunk`),
  range: z.enum(HISTORY_RANGES, { error: `range must be one of ${HISTORY_RANGES.join(", ")}` }),
});

/**
 * A batch's chunk: each asset analysed as analysis.asset does (its snapshot saved), answering its
 * summary. An asset refused for good (unknown ticker, too few prices) is recorded and the others go
 * on; a retriable failure (a provider down) fails the chunk, which is retried whole.
 */
export const analysisAssetChunkTask = defineTask({
  name: "analysis.assetChunk",
  engineVersion: ANALYSIS_ENGINE_VERSION,
  queue: "analysis",
  retry: { attempts: 2, backoffMs: 5000 },
  resultTtlMs: 7 * DAY_MS,
  timeout: { softMs: 30 * 60_000 },
  input: ZAssetChunkInput,
  output: ZAssetChunkResult,
  handler: async (input, ctx) => {
    const n = input.tickers.length;
    const summaries: (AssetSummary | null)[] = [];
    const failed: { ticker: string; message: string }[] = [];
    for (const [i, ticker] of input.tickers.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress(i / n, "asset", `${i} of ${n} assets done; ${ticker}`);
      try {
        const a = await analyzeAssetData(ticker, { range: input.range, signal: ctx.signal, ensure: ensureAssets });
        await upsertSnapshot({ kind: "asset", key: a.ticker, runId: ctx.runId, data: a });
        summaries.push(summariseAsset(a));
      } catch (e) {
        ctx.signal.throwIfAborted();
        const err = asRunError(e);
        if (!(err instanceof NonRetriableError)) throw err;
        summaries.push(null);
        failed.push({ ticker, message: err.message });
        await ctx.log(`${ticker} failed: ${err.message}`, "warn");
      }
    }
    ctx.progress(1, "asset", `${n} of ${n} assets done`);
    return { summaries, failed };
  },
});

const ZBatchSummaryTaskInput = z.object({
  tickers: z.array(z.string()).max(L.batchTickers[1], `tickers must have at most ${L.batchTickers[1]} entries`),
  /**
   * The steps' results, in step order (null: that step did not succeed): analysis.assetChunk results
   * (a chunk's summaries), or — batches started before chunks — one analysis.asset summary each.
   */
  results: z
    .array(z.unknown())
    .max(L.batchTickers[1], `results must have at most ${L.batchTickers[1]} entries`)
    .default([]),
});

/** Every ticker's summary (null: none), from chunk results or one result per ticker, in the tickers' order. */
export function summariesByTicker(tickers: readonly string[], results: readonly unknown[]): unknown[] {
  const chunked = results.some((r) => isRecord(r) && Array.isArray(r.summaries));
  if (!chunked) return tickers.map((_, i) => results[i] ?? null);
  const byTicker = new Map<string, unknown>();
  for (const r of results)
    if (isRecord(r) && Array.isArray(r.summaries))
      for (const s of r.summaries) if (isRecord(s) && typeof s.ticker === "string") byTicker.set(s.ticker, s);
  return tickers.map((t) => byTicker.get(t) ?? null);
}

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
  engineVersion: ANALYSIS_ENGINE_VERSION,
  ...WORKFLOW_STEP,
  input: ZBatchSummaryTaskInput,
  output: ZBatchSummary,
  handler: (input) => summariseBatch(input.tickers, summariesByTicker(input.tickers, input.results)),
  membersPartial: analysisBatchMembersPartial, // the assets' rows so far, as the chunks succeed
});

/** The chord: the tickers in chunks of analysis.assetChunk, then analysis.batchSummary with all their results. */
export async function startBatchWorkflow(
  tickers: readonly string[],
  range: AnalysisRange,
  chunkSize: number,
  ownerId: string | null,
  tasks: TaskCatalog,
) {
  const chunks = splitEvenly(tickers, chunkSize);
  return startWorkflow(
    {
      kind: "chord",
      name: `Analysis of ${tickers.length} asset${tickers.length === 1 ? "" : "s"} (${chunks.length} chunk${chunks.length === 1 ? "" : "s"})`,
      failurePolicy: "continue",
      steps: chunks.map((c) => ({ task: analysisAssetChunkTask.name, input: { tickers: c, range }, weight: c.length })),
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
    const wf = await startBatchWorkflow(input.tickers, input.range, input.chunkSize, run?.ownerId ?? null, ctx.tasks);
    return { workflowRunId: wf.id, tickers: input.tickers };
  },
});
