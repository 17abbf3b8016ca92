/**
 * The analysis tasks (queue "analysis"): analysis.asset, analysis.compare, analysis.portfolio,
 * analysis.allPortfolios, the batch's (./analysis-batch.task: analysis.batch, its chunks
 * analysis.assetChunk and its chord callback analysis.batchSummary), analysis.opportunities and
 * analysis.rankings. Thin: the work is in ./analysis.service and ./analysis.screening; refused
 * inputs fail the run at once with the field in the message (./analysis-run).
 */
import { DAY_MS } from "@/domain/shared/dates";
import { defaultsOf, defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { ensureAssets, MarketProviderError } from "@/features/market";
import { analyzeAssetData, compareData, summariseAsset } from "./analysis.service";
import { analysisAssetChunkTask, analysisBatchSummaryTask, analysisBatchTask } from "./analysis-batch.task";
import { asRunError, scopeOfRun, withRunErrors } from "./analysis-run";
import { analyzePortfolioData } from "./portfolio-analysis.service";
import { loadUniverse, rankAssets, screenOpportunities, type ScreenAsset } from "./analysis.screening";
import {
  ZAllPortfoliosResult,
  ZAnalysisAssetResult,
  ZComparison,
  ZOpportunitiesResult,
  ZPortfolioAnalysis,
  ZRankingsResult,
} from "./analysis.output";
import { listAllPortfolioIds, upsertSnapshot } from "./portfolio.repository";
import {
  ZAllPortfoliosInput,
  ZAnalysisAssetInput,
  ZAnalysisCompareInput,
  ZAnalysisPortfolioInput,
  ZOpportunitiesInput,
  ZRankingsInput,
} from "./portfolio.schemas";
import { z } from "zod";
import { ANALYSIS_ENGINE_VERSION } from "./engine-version";
import { assetMetrics, comparisonMetrics, portfolioMetrics } from "./analysis.compare-metrics";

const DAY = DAY_MS;
/** One asset, comparison or portfolio: retried once after 5 s. */
const ONE_ANALYSIS = {
  queue: "analysis",
  retry: { attempts: 2, backoffMs: 5000 },
  resultTtlMs: 7 * DAY,
  engineVersion: ANALYSIS_ENGINE_VERSION,
} as const;
const ZAssetTaskInput = ZAnalysisAssetInput.extend({
  /** "summary": answer only the metrics (as a batch's chunks answer each asset). */
  detail: z.enum(["full", "summary"], { error: "detail must be full or summary" }).default("full"),
});

export const analysisAssetTask = defineTask({
  name: "analysis.asset",
  ...ONE_ANALYSIS,
  input: ZAssetTaskInput,
  output: ZAnalysisAssetResult,
  compareMetrics: assetMetrics,
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
  compareMetrics: comparisonMetrics,
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
  compareMetrics: portfolioMetrics,
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
  engineVersion: ANALYSIS_ENGINE_VERSION,
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
    engineVersion: ANALYSIS_ENGINE_VERSION,
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
  analysisAssetChunkTask,
  analysisBatchSummaryTask,
  analysisOpportunitiesTask,
  analysisRankingsTask,
] as const;
