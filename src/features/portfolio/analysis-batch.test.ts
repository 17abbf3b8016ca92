/** analysis.batch in chunks: the input's bounds (1,000 assets, chunk size, chunk count) and the summaries merged back in ticker order. */
import { describe, expect, it } from "vitest";
import { splitEvenly } from "@/domain/shared/chunks";
import { MAX_WORKFLOW_STEPS } from "@/runs/workflow";
import { assetAnalysis } from "@/features/reports/test-fixtures";
import { summariesByTicker, summariseBatch } from "./analysis-batch.task";
import { summariseAsset } from "./analysis.service";
import { ZAssetChunkResult } from "./analysis.output";
import { PORTFOLIO_LIMITS, ZAnalysisBatchInput } from "./portfolio.schemas";

const TICKERS = (n: number) => Array.from({ length: n }, (_, i) => `T${String(i).padStart(4, "0")}3`);
const issue = (v: unknown) => ZAnalysisBatchInput.safeParse(v).error?.issues[0];

describe("ZAnalysisBatchInput", () => {
  it("takes 1,000 assets in chunks of 50 by default; refuses 1,001, naming tickers", () => {
    expect(ZAnalysisBatchInput.parse({ tickers: TICKERS(1000) })).toMatchObject({ chunkSize: 50, range: "2y" });
    expect(issue({ tickers: TICKERS(1001) })).toMatchObject({
      path: ["tickers"],
      message: "tickers must have at most 1000 assets",
    });
  });
  it("bounds chunkSize (1..100) and the number of chunks (499), naming chunkSize", () => {
    for (const chunkSize of [0, 101, 1.5, "9"])
      expect(issue({ tickers: TICKERS(3), chunkSize })?.path).toEqual(["chunkSize"]);
    expect(issue({ tickers: TICKERS(3), chunkSize: 101 })?.message).toBe(
      "chunkSize must be a whole number within 1..100",
    );
    expect(issue({ tickers: TICKERS(1000), chunkSize: 2 })).toMatchObject({
      path: ["chunkSize"],
      message:
        "chunkSize: 1000 assets in chunks of at most 2 make 500 runs; at most 499 per batch (chunkSize 3 or more)",
    });
    expect(ZAnalysisBatchInput.safeParse({ tickers: TICKERS(1000), chunkSize: 3 }).success).toBe(true);
    expect(PORTFOLIO_LIMITS.maxBatchChunks).toBe(MAX_WORKFLOW_STEPS - 1); // one step is the summary
  });
});

describe("summariesByTicker", () => {
  const a = assetAnalysis();
  const summary = (ticker: string) => ({ ...summariseAsset(a), ticker });

  it("puts the chunks' summaries back in the tickers' order; a failed asset or chunk is null", () => {
    const tickers = TICKERS(7);
    const chunks = splitEvenly(tickers, 3).map((c) => ({
      summaries: c.map((t) => (t === tickers[4] ? null : summary(t))),
      failed: c.includes(tickers[4]!) ? [{ ticker: tickers[4]!, message: "unknown ticker" }] : [],
    }));
    for (const c of chunks) expect(ZAssetChunkResult.safeParse(c).success).toBe(true);
    const flat = summariesByTicker(tickers, [chunks[0], chunks[1], null]);
    expect(flat.map((s) => (s as { ticker: string } | null)?.ticker ?? null)).toEqual([
      ...tickers.slice(0, 4),
      null,
      null,
      null,
    ]);
    const s = summariseBatch(tickers, flat);
    expect(s.count).toBe(7);
    expect(s.analysed).toEqual(tickers.slice(0, 4));
    expect(s.failed).toEqual(tickers.slice(4));
  });

  it("gives the same summary as one result per ticker (batches before chunks)", () => {
    const tickers = TICKERS(5);
    const one = tickers.map(summary);
    const chunked = splitEvenly(one, 2).map((c) => ({ summaries: c, failed: [] }));
    expect(summariesByTicker(tickers, one)).toEqual(one);
    expect(summariesByTicker(tickers, chunked)).toEqual(one);
    expect(summariseBatch(tickers, summariesByTicker(tickers, chunked))).toEqual(summariseBatch(tickers, one));
  });
});
