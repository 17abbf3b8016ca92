/**
 * The market tasks (queue data_collection): collect one asset (3 attempts, 60 s base delay), the
 * scheduled refreshes (prices every 5 min in trading hours, fundamentals daily, news hourly), the
 * weekly cleanup, a batch collection (a group workflow) and the daily chain. Thin: the work is in
 * market.service.ts. Permanent refusals (unknown ticker, a plan or input error) fail the run at once
 * with the provider's reason; transient ones (timeouts, 429, 5xx) are retried.
 */
import { ZodError } from "zod";
import { defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { findRun } from "@/runs/run.repository";
import { WorkflowInputError } from "@/runs/workflow";
import { MarketProviderError, UnknownTickerError } from "./providers";
import { AssetNotCollectableError, NoBarsError } from "./market.errors";
import { ZBatchCollectInput, ZCleanupInput, ZCollectAssetInput, ZEmptyTaskInput } from "./market.schemas";
import { collectAsset } from "./market-collect.service";
import { cleanup, updateFundamentals, updateNews, updatePrices } from "./market-jobs.service";
import { startBatchCollect, startDailyChain } from "./market-workflows";
import {
  ZBatchCollectResult,
  ZCollectAssetResult,
  ZDailyChainResult,
  ZMarketCleanupResult,
  ZUpdateFundamentalsResult,
  ZUpdateNewsResult,
  ZUpdatePricesResult,
} from "./market.output";

/** A permanent failure that keeps the original error's name and field in the run's error. */
class PermanentError extends NonRetriableError {
  readonly field?: string;
  constructor(e: Error) {
    super(e.message, { cause: e });
    this.name = e.name;
    const field = (e as { field?: unknown }).field;
    if (typeof field === "string") this.field = field;
  }
}

function permanentOrAsIs(e: unknown): unknown {
  if (e instanceof UnknownTickerError) return new PermanentError(e);
  if (e instanceof MarketProviderError) return e.retriable ? e : new PermanentError(e);
  if (e instanceof AssetNotCollectableError || e instanceof NoBarsError || e instanceof PortfolioInputError)
    return new PermanentError(e);
  if (e instanceof ZodError) return new NonRetriableError(e.issues[0]?.message ?? "invalid input", { cause: e });
  if (e instanceof WorkflowInputError) return new NonRetriableError(`${e.path.join(".")}: ${e.message}`, { cause: e });
  return e;
}

const ownerOf = async (runId: string) => (await findRun(runId))?.ownerId ?? null;
const empty = (v: unknown) => ZEmptyTaskInput.parse(v ?? {});
const DAY = 24 * 3600_000;

export const collectAssetTask = defineTask({
  name: "market.collectAsset",
  queue: "data_collection",
  input: ZCollectAssetInput,
  output: ZCollectAssetResult,
  retry: { attempts: 3, backoffMs: 60_000 },
  timeout: { softMs: 5 * 60_000 },
  resultTtlMs: 7 * DAY,
  handler: async (input, ctx) => {
    try {
      const watchFor = input.watch ? await ownerOf(ctx.runId) : null;
      return await collectAsset(input, { signal: ctx.signal, progress: ctx.progress, watchFor });
    } catch (e) {
      ctx.signal.throwIfAborted();
      throw permanentOrAsIs(e);
    }
  },
});

export const updatePricesTask = defineTask({
  name: "market.updatePrices",
  queue: "data_collection",
  input: ZEmptyTaskInput,
  output: ZUpdatePricesResult,
  complete: empty,
  retry: { attempts: 2, backoffMs: 30_000 },
  timeout: { softMs: 30 * 60_000 },
  resultTtlMs: DAY,
  handler: async (_input, ctx) => {
    const r = await updatePrices({ signal: ctx.signal, progress: ctx.progress });
    if (r.failed.length) await ctx.log(`${r.failed.length} asset(s) failed; see the result`, "warn");
    return r;
  },
});

export const updateFundamentalsTask = defineTask({
  name: "market.updateFundamentals",
  queue: "data_collection",
  input: ZEmptyTaskInput,
  output: ZUpdateFundamentalsResult,
  complete: empty,
  retry: { attempts: 3, backoffMs: 60_000 },
  timeout: { softMs: 30 * 60_000 },
  resultTtlMs: 7 * DAY,
  handler: async (_input, ctx) => {
    const r = await updateFundamentals({ signal: ctx.signal, progress: ctx.progress });
    if (r.failed.length) await ctx.log(`${r.failed.length} asset(s) failed; see the result`, "warn");
    return r;
  },
});

export const updateNewsTask = defineTask({
  name: "market.updateNews",
  queue: "data_collection",
  input: ZEmptyTaskInput,
  output: ZUpdateNewsResult,
  complete: empty,
  retry: { attempts: 2, backoffMs: 60_000 },
  timeout: { softMs: 10 * 60_000 },
  resultTtlMs: DAY,
  handler: async (_input, ctx) => {
    const r = await updateNews({ signal: ctx.signal, progress: ctx.progress });
    if (r.failed.length) await ctx.log(`${r.failed.length} feed(s) failed; see the result`, "warn");
    return r;
  },
});

export const cleanupMarketTask = defineTask({
  name: "market.cleanup",
  queue: "data_collection",
  input: ZCleanupInput,
  output: ZMarketCleanupResult,
  complete: (v) => ZCleanupInput.parse(v ?? {}),
  system: true,
  retry: { attempts: 1 },
  timeout: { softMs: 10 * 60_000 },
  resultTtlMs: 30 * DAY,
  handler: async (input, ctx) => {
    ctx.progress(0.1, "delete", `older than ${input.olderThanDays} days`);
    return cleanup(input.olderThanDays);
  },
});

export const batchCollectTask = defineTask({
  name: "market.batchCollect",
  queue: "data_collection",
  input: ZBatchCollectInput,
  output: ZBatchCollectResult,
  retry: { attempts: 1 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 7 * DAY,
  handler: async (input, ctx) => {
    try {
      const r = await startBatchCollect(input, { ownerId: await ownerOf(ctx.runId), tasks: ctx.tasks });
      return { workflowRunId: r.runId, tickers: r.tickers };
    } catch (e) {
      throw permanentOrAsIs(e);
    }
  },
});

export const dailyChainTask = defineTask({
  name: "market.dailyChain",
  queue: "data_collection",
  input: ZEmptyTaskInput,
  output: ZDailyChainResult,
  complete: empty,
  retry: { attempts: 1 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 7 * DAY,
  handler: async (_input, ctx) => {
    try {
      const r = await startDailyChain({ ownerId: null, tasks: ctx.tasks });
      return { workflowRunId: r.runId, steps: r.steps };
    } catch (e) {
      throw permanentOrAsIs(e);
    }
  },
});

export const marketTasks = [
  collectAssetTask,
  updatePricesTask,
  updateFundamentalsTask,
  updateNewsTask,
  cleanupMarketTask,
  batchCollectTask,
  dailyChainTask,
] as const;
