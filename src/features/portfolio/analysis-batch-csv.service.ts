/**
 * An analysis batch's CSV (GET /api/v1/runs/:id/result.csv of its workflow run): a row of metrics per
 * asset — a finished batch's every analysed asset, or the assets of its partial result while it runs
 * or once cancelled or failed — best Sharpe first, as the batch summary ranks them.
 */
import { writeCsv } from "@/domain/shared/csv";
import { isRecord } from "@/domain/shared/guards";
import type { RunRow } from "@/runs/run.repository";
import { findPartial, type PartialRecord } from "@/runs/run-partial.repository";
import { ZAnalysisBatchPartial } from "./analysis-batch-partial";
import { ZBatchSummary } from "./analysis.output";

type Row = {
  ticker: string;
  annualReturn: number | null;
  annualVolatility: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
};

/** The rows as CSV, best Sharpe first (a missing Sharpe last), then by ticker. */
export function analysisBatchToCsv(rows: readonly Row[]): string {
  const sorted = [...rows].sort(
    (a, b) => (b.sharpe ?? -Infinity) - (a.sharpe ?? -Infinity) || a.ticker.localeCompare(b.ticker),
  );
  return writeCsv([
    ["ticker", "annual_return", "annual_volatility", "sharpe", "max_drawdown"],
    ...sorted.map((r) => [r.ticker, r.annualReturn, r.annualVolatility, r.sharpe, r.maxDrawdown]),
  ]);
}

/** The analysis batch's CSV, or null when `run` is not an analysis batch's workflow run (or has no rows yet). */
export async function analysisBatchCsv(
  run: RunRow,
): Promise<{ name: string; csv: string; partial: PartialRecord | null } | null> {
  const spec = run.input;
  if (run.task !== "workflow.chord" || !isRecord(spec) || !isRecord(spec.callback)) return null;
  if (spec.callback.task !== "analysis.batchSummary") return null;
  const done = run.status === "succeeded" ? ZBatchSummary.safeParse(run.result).data : undefined;
  if (done) return { name: "analysis-batch", csv: analysisBatchToCsv(done.rows), partial: null };
  const partial = await findPartial(run.id);
  const p = ZAnalysisBatchPartial.safeParse(partial?.result).data;
  if (!partial || !p) return null;
  return { name: "analysis-batch", csv: analysisBatchToCsv(p.rows), partial };
}
