/**
 * An analysis batch's partial result (the workflow parent's, declared by analysis.batchSummary): one
 * row of metrics per asset analysed so far, in the order the tickers were given, the assets that
 * failed, and the tickers still missing. Each analysis.assetChunk that succeeds adds its assets. Pure
 * and client-safe: the run page parses it with ZAnalysisBatchPartial.
 */
import { z } from "zod";
import { isRecord } from "@/domain/shared/guards";
import type { MembersPartial } from "@/runs/define-task";
import { ZStatistic as S } from "@/runs/task-result";

const ZRow = z.object({
  ticker: z.string(),
  name: z.string().nullable(),
  annualReturn: S,
  annualVolatility: S,
  sharpe: S,
  maxDrawdown: S,
});
export type AnalysisBatchRow = z.infer<typeof ZRow>;

export const ZAnalysisBatchPartial = z.object({
  kind: z.literal("analysisBatch"),
  /** Assets in the batch. */
  assets: z.number().int().min(0),
  /** The chunk steps merged in so far. */
  steps: z.array(z.number().int().min(0)),
  rows: z.array(ZRow),
  failed: z.array(z.object({ ticker: z.string(), message: z.string() })),
  /** Tickers without a row yet, in the order given. */
  missing: z.array(z.string()),
});
export type AnalysisBatchPartial = z.infer<typeof ZAnalysisBatchPartial>;

function rowOf(s: Record<string, unknown>): AnalysisBatchRow | null {
  const m = s.metrics;
  if (typeof s.ticker !== "string" || !isRecord(m)) return null;
  const stat = (v: unknown) => (typeof v === "number" ? v : null);
  return {
    ticker: s.ticker,
    name: typeof s.name === "string" ? s.name : null,
    annualReturn: stat(m.annualReturn),
    annualVolatility: stat(m.annualVolatility),
    sharpe: stat(m.sharpe),
    maxDrawdown: stat(m.maxDrawdown),
  };
}

/**
 * `prev` (null: none yet) with the analysis.assetChunk results in `results` (by step) added: a step
 * merged already, an asset that has a row already or a ticker not in the batch is ignored.
 */
export function mergeAnalysisBatchPartial(
  tickers: readonly string[],
  prev: AnalysisBatchPartial | null,
  results: ReadonlyMap<number, unknown>,
): AnalysisBatchPartial {
  const inBatch = new Set(tickers);
  const steps = new Set(prev?.steps ?? []);
  const rows = new Map((prev?.rows ?? []).map((r) => [r.ticker, r]));
  const failed = new Map((prev?.failed ?? []).map((f) => [f.ticker, f]));
  for (const [step, r] of [...results].sort((a, b) => a[0] - b[0])) {
    if (steps.has(step) || !isRecord(r) || !Array.isArray(r.summaries)) continue;
    steps.add(step);
    for (const s of r.summaries) {
      const row = isRecord(s) ? rowOf(s) : null;
      if (row && inBatch.has(row.ticker) && !rows.has(row.ticker)) rows.set(row.ticker, row);
    }
    for (const f of Array.isArray(r.failed) ? r.failed : [])
      if (isRecord(f) && typeof f.ticker === "string" && inBatch.has(f.ticker) && !rows.has(f.ticker))
        failed.set(f.ticker, { ticker: f.ticker, message: String(f.message ?? "") });
  }
  const ordered = <T>(m: Map<string, T>) => tickers.flatMap((t) => (m.has(t) ? [m.get(t)!] : []));
  return {
    kind: "analysisBatch",
    assets: tickers.length,
    steps: [...steps].sort((a, b) => a - b),
    rows: ordered(rows),
    failed: ordered(failed),
    missing: tickers.filter((t) => !rows.has(t) && !failed.has(t)),
  };
}

/** analysis.batchSummary's declaration: the assets' rows so far as the chunks succeed ("12 of 40 assets"). */
export const analysisBatchMembersPartial: MembersPartial = {
  stepsIn: (partial) => ZAnalysisBatchPartial.safeParse(partial).data?.steps ?? [],
  merge: ({ input, partial, results }) => {
    const tickers = isRecord(input) && Array.isArray(input.tickers) ? input.tickers.map(String) : [];
    const p = mergeAnalysisBatchPartial(tickers, ZAnalysisBatchPartial.safeParse(partial).data ?? null, results);
    return { result: p, done: { count: p.rows.length, total: p.assets, unit: "assets" } };
  },
};
