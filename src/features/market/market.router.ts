/** tRPC `market`: search, the assets list and view, adding (provider, demo set, CSV), watching, news, collection runs. */
import { TRPCError } from "@trpc/server";
import { createTRPCRouter, InputIssues, perUserLimit, protectedProcedure, throwIfZodError } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import {
  ZAddAssetInput,
  ZAssetQuery,
  ZBatchCollectInput,
  ZCollectAssetInput,
  ZImportCsvInput,
  ZNewsQuery,
  ZSearchInput,
  ZTickerInput,
} from "./market.schemas";
import * as market from "./market.service";
import { importCsv } from "./market-import.service";
import { addAsset, addDemoSet, startBatch, startCollect } from "./market-runs.service";
import { csvIssues, isCsvImportError } from "./market-csv-errors";

/** A CSV import's line-and-column issues as the fields of a BAD_REQUEST; other errors as every router's. */
function translate(err: unknown): never {
  throwIfZodError(err);
  if (isCsvImportError(err)) {
    const issues = csvIssues(err);
    throw new TRPCError({ code: "BAD_REQUEST", message: issues[0]!.message, cause: new InputIssues(issues) });
  }
  throw err;
}

const submit = protectedProcedure.use(perUserLimit("submit", submitLimit, "run submissions"));

export const marketRouter = createTRPCRouter({
  /** Known assets, demo tickers and (lookup: true) the provider's answer for a ticker nobody added. */
  search: protectedProcedure
    .input(ZSearchInput)
    .query(({ input, signal }) => market.search(input, { signal }).catch(translate)),
  /** The viewer's watched assets with the day's change, and every known asset. */
  list: protectedProcedure.query(({ ctx }) => market.listFor(ctx.viewer)),
  /** The offline demo set (generated prices, labelled as such). */
  demoSet: protectedProcedure.query(() => market.demoSet()),
  /** One asset: bars over the range with the drawdown series, fundamentals, watched or not. */
  get: protectedProcedure
    .input(ZAssetQuery)
    .query(({ ctx, input }) => market.getAsset(ctx.viewer, input).catch(translate)),
  /** Collect a ticker from a provider (a market.collectAsset run) and follow it; answers the run id. */
  add: submit.input(ZAddAssetInput).mutation(({ ctx, input }) => addAsset(ctx.viewer, input).catch(translate)),
  /** Collect and follow the whole demo set: a group workflow; answers the parent run id. */
  addDemo: submit.mutation(({ ctx }) => addDemoSet(ctx.viewer, ctx.tasks).catch(translate)),
  /** A CSV file's bars as an asset of source "csv"; refusals name the line and column. */
  importCsv: protectedProcedure
    .input(ZImportCsvInput)
    .mutation(({ ctx, input }) => importCsv(ctx.viewer, input).catch(translate)),
  watch: protectedProcedure
    .input(ZTickerInput)
    .mutation(({ ctx, input }) => market.watchAsset(ctx.viewer, input.ticker).catch(translate)),
  unwatch: protectedProcedure
    .input(ZTickerInput)
    .mutation(({ ctx, input }) => market.unwatchAsset(ctx.viewer, input.ticker).catch(translate)),
  news: protectedProcedure.input(ZNewsQuery).query(({ input }) => market.news(input)),
  collect: submit
    .input(ZCollectAssetInput)
    .mutation(({ ctx, input }) => startCollect(ctx.viewer, input).catch(translate)),
  batchCollect: submit
    .input(ZBatchCollectInput)
    .mutation(({ ctx, input }) => startBatch(ctx.viewer, input, ctx.tasks).catch(translate)),
});
