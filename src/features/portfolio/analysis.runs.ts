/**
 * Analyses as people ask for them: start the runs (the viewer's own portfolios only), read the
 * latest snapshots, and the synchronous optimise preview.
 */
import { ownScope, type Viewer } from "@/accounts/viewer";
import { enqueue } from "@/runs/enqueue";
import { originOption } from "@/runs/origin";
import type { TaskCatalog } from "@/runs/task-catalog";
import type {
  OptimizePreview,
  OpportunityRuleDto,
  PortfolioAnalysis,
  SnapshotDto,
  SnapshotKind,
} from "./analysis.types";
import { optimizePortfolio } from "./portfolio-analysis.service";
import { OPPORTUNITY_RULES } from "./analysis.screening";
import {
  analysisAssetTask,
  analysisCompareTask,
  analysisOpportunitiesTask,
  analysisPortfolioTask,
  analysisRankingsTask,
} from "./analysis.task";
import { startBatchWorkflow } from "./analysis-batch.task";
import { PortfolioNotFoundError } from "./portfolio.errors";
import { findPortfolio, getSnapshot } from "./portfolio.repository";
import type {
  AnalysisRange,
  TAnalysisAssetInput,
  TAnalysisBatchInput,
  TAnalysisCompareInput,
  TOptimizePreview,
} from "./portfolio.schemas";

async function ownPortfolioId(viewer: Viewer, id: string): Promise<string> {
  const p = await findPortfolio(id, ownScope(viewer));
  if (!p) throw new PortfolioNotFoundError(`portfolio ${id} not found`);
  return p.id;
}

export async function startPortfolioAnalysis(
  viewer: Viewer,
  input: { id: string; range?: AnalysisRange; bounds?: [number, number]; originRunId?: string },
): Promise<{ runId: string }> {
  const portfolioId = await ownPortfolioId(viewer, input.id);
  const origin = await originOption(viewer, analysisPortfolioTask.name, input.originRunId);
  const run = await enqueue(
    analysisPortfolioTask,
    analysisPortfolioTask.input.parse({ portfolioId, range: input.range, bounds: input.bounds }),
    { ownerId: viewer.id, ...origin },
  );
  return { runId: run.id };
}

export async function startAssetAnalysis(viewer: Viewer, input: TAnalysisAssetInput): Promise<{ runId: string }> {
  const run = await enqueue(analysisAssetTask, { ...input, detail: "full" as const }, { ownerId: viewer.id });
  return { runId: run.id };
}

export async function startCompare(viewer: Viewer, input: TAnalysisCompareInput): Promise<{ runId: string }> {
  const run = await enqueue(analysisCompareTask, input, { ownerId: viewer.id });
  return { runId: run.id };
}

/** The chord's parent run: its progress rolls up the chunks'; its result is the batch summary. */
export async function startBatch(
  viewer: Viewer,
  input: TAnalysisBatchInput,
  tasks: TaskCatalog,
): Promise<{ runId: string }> {
  const parent = await startBatchWorkflow(input.tickers, input.range, input.chunkSize, viewer.id, tasks);
  return { runId: parent.id };
}

export async function startOpportunities(viewer: Viewer): Promise<{ runId: string }> {
  const run = await enqueue(analysisOpportunitiesTask, analysisOpportunitiesTask.input.parse({}), {
    ownerId: viewer.id,
  });
  return { runId: run.id };
}

export async function startRankings(viewer: Viewer): Promise<{ runId: string }> {
  const run = await enqueue(analysisRankingsTask, analysisRankingsTask.input.parse({}), { ownerId: viewer.id });
  return { runId: run.id };
}

export async function latestSnapshot<T = unknown>(kind: SnapshotKind, key: string): Promise<SnapshotDto<T> | null> {
  const s = await getSnapshot(kind, key);
  return s
    ? {
        kind: s.kind as SnapshotKind,
        key: s.key,
        runId: s.runId,
        createdAt: s.createdAt.toISOString(),
        data: s.data as T,
      }
    : null;
}

export async function latestPortfolioAnalysis(
  viewer: Viewer,
  id: string,
): Promise<SnapshotDto<PortfolioAnalysis> | null> {
  await ownPortfolioId(viewer, id);
  return latestSnapshot<PortfolioAnalysis>("portfolio", id);
}

export async function optimizePreview(viewer: Viewer, input: TOptimizePreview): Promise<OptimizePreview> {
  return optimizePortfolio(input.id, ownScope(viewer), {
    range: input.range,
    points: input.points,
    ...(input.bounds ? { bounds: input.bounds } : {}),
  });
}

export const opportunityRules = (): OpportunityRuleDto[] => [...OPPORTUNITY_RULES];
