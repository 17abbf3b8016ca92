/**
 * The market tasks (queue data_collection): collect one asset (3 attempts, 60 s base delay), the
 * scheduled refreshes (prices every 5 min in trading hours, fundamentals daily, news hourly), the
 * weekly cleanup, a batch collection (a group workflow) and the daily chain. Thin: the work is in
 * market.service.ts. Permanent refusals (unknown ticker, a plan or input error) fail the run at once
 * with the provider's reason; transient ones (timeouts, 429, 5xx) are retried.
 */
import { ZodError, type z } from "zod";
import { DAY_MS as DAY } from "@/domain/shared/dates";
import { defaultsOf, defineTask, type RetryPolicy, type TaskContext } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { findRun } from "@/runs/run.repository";
import { defineRetentionTask } from "@/runs/retention";
import { WorkflowInputError } from "@/runs/workflow";
import { MarketProviderError, UnknownTickerError } from "./providers";
import { AssetNotCollectableError, NoBarsError } from "./market.errors";
import { ZBatchCollectInput, ZCollectAssetInput, ZEmptyTaskInput } from "./market.schemas";
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

/** Runs `f`; what it throws fails the run at once when permanent (after a cancel or timeout: that instead). */
async function permanentFailing<T>(f: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await f();
  } catch (e) {
    signal?.throwIfAborted();
    throw permanentOrAsIs(e);
  }
}

const ownerOf = async (runId: string) => (await findRun(runId))?.ownerId ?? null;

/**
 * A scheduled refresh (market.updatePrices, .updateFundamentals, .updateNews): no input, all the
 * watched assets or feeds at once; those that failed are in the result, and one warning in the timeline.
 */
function refreshTask<O extends { failed: readonly unknown[] }>(def: {
  name: string;
  output: z.ZodType<O>;
  retry: RetryPolicy;
  softMs: number;
  resultTtlMs: number;
  refresh: (o: { signal: AbortSignal; progress: TaskContext["progress"] }) => Promise<NoInfer<O>>;
  /** What one entry of `failed` is, for the warning. */
  failing: "asset" | "feed";
}) {
  return defineTask({
    name: def.name,
    queue: "data_collection",
    input: ZEmptyTaskInput,
    output: def.output,
    complete: defaultsOf(ZEmptyTaskInput),
    retry: def.retry,
    timeout: { softMs: def.softMs },
    resultTtlMs: def.resultTtlMs,
    handler: async (_input, ctx) => {
      const r = await def.refresh({ signal: ctx.signal, progress: ctx.progress });
      if (r.failed.length) await ctx.log(`${r.failed.length} ${def.failing}(s) failed; see the result`, "warn");
      return r;
    },
  });
}

export const collectAssetTask = defineTask({
  name: "market.collectAsset",
  queue: "data_collection",
  input: ZCollectAssetInput,
  output: ZCollectAssetResult,
  retry: { attempts: 3, backoffMs: 60_000 },
  timeout: { softMs: 5 * 60_000 },
  resultTtlMs: 7 * DAY,
  handler: (input, ctx) =>
    permanentFailing(async () => {
      const watchFor = input.watch ? await ownerOf(ctx.runId) : null;
      return collectAsset(input, { signal: ctx.signal, progress: ctx.progress, watchFor });
    }, ctx.signal),
});

export const updatePricesTask = refreshTask({
  name: "market.updatePrices",
  output: ZUpdatePricesResult,
  retry: { attempts: 2, backoffMs: 30_000 },
  softMs: 30 * 60_000,
  resultTtlMs: DAY,
  refresh: updatePrices,
  failing: "asset",
});

export const updateFundamentalsTask = refreshTask({
  name: "market.updateFundamentals",
  output: ZUpdateFundamentalsResult,
  retry: { attempts: 3, backoffMs: 60_000 },
  softMs: 30 * 60_000,
  resultTtlMs: 7 * DAY,
  refresh: updateFundamentals,
  failing: "asset",
});

export const updateNewsTask = refreshTask({
  name: "market.updateNews",
  output: ZUpdateNewsResult,
  retry: { attempts: 2, backoffMs: 60_000 },
  softMs: 10 * 60_000,
  resultTtlMs: DAY,
  refresh: updateNews,
  failing: "feed",
});

/** Weekly (a system schedule): old news and analysis snapshots go; prices stay. */
export const cleanupMarketTask = defineRetentionTask({
  name: "market.cleanup",
  queue: "data_collection",
  output: ZMarketCleanupResult,
  remove: cleanup,
});

export const batchCollectTask = defineTask({
  name: "market.batchCollect",
  queue: "data_collection",
  input: ZBatchCollectInput,
  output: ZBatchCollectResult,
  retry: { attempts: 1 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 7 * DAY,
  handler: (input, ctx) =>
    permanentFailing(async () => {
      const r = await startBatchCollect(input, { ownerId: await ownerOf(ctx.runId), tasks: ctx.tasks });
      return { workflowRunId: r.runId, tickers: r.tickers };
    }),
});

export const dailyChainTask = defineTask({
  name: "market.dailyChain",
  queue: "data_collection",
  input: ZEmptyTaskInput,
  output: ZDailyChainResult,
  complete: defaultsOf(ZEmptyTaskInput),
  retry: { attempts: 1 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 7 * DAY,
  handler: (_input, ctx) =>
    permanentFailing(async () => {
      const r = await startDailyChain({ ownerId: null, tasks: ctx.tasks });
      return { workflowRunId: r.runId, steps: r.steps };
    }),
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
