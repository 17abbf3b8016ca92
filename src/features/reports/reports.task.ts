/**
 * The reports tasks on the "reports" queue. Each report run goes data → analysis → narrative →
 * render with its progress, stores a file per format (owned by the run's owner) and keeps the
 * report model in its result, so reports.export / reports.batchExport can render it again.
 */
import { DAY_MS } from "@/domain/shared/dates";
import type { OwnerScope } from "@/accounts/viewer";
import type { z } from "zod";
import { defaultsOf, defineTask, type TaskContext } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import { ensureAssets } from "@/features/market";
import {
  analyzeAssetData,
  analyzePortfolioData,
  compareData,
  scopeOfRun,
  listAllPortfolioIds,
  withRunErrors,
} from "@/features/portfolio";
import { narrate } from "./ai/narrative";
import { marketOverviewData } from "./market-overview.data";
import {
  assetNarrativeInput,
  compareNarrativeInput,
  marketNarrativeInput,
  portfolioNarrativeInput,
} from "./narrative-facts";
import { buildAssetReport, buildCompareReport, buildMarketOverviewReport, buildPortfolioReport } from "./reports.model";
import { findReportFiles } from "./reports.repository";
import { reportsCleanupTask } from "./reports-cleanup.task";
import {
  REPORT_LIMITS,
  ZReportsAiAnalysisInput,
  ZReportsAssetInput,
  ZReportsBatchExportInput,
  ZReportsCompareInput,
  ZReportsExportInput,
  ZReportsMarketOverviewInput,
  ZReportsPortfolioInput,
  ZReportsWeeklyInput,
} from "./reports.schemas";
import {
  modelsOfRun,
  narrativeStage,
  produceReport,
  reportEach,
  runOwner,
  stageProgress,
  storeReport,
  type ProducedReport,
  type ReportRunResult,
  type StageProgress,
} from "./reports.produce";
import type { NarrativeInput } from "./ai/narrative";
import type { ReportFormatName, ReportModel } from "./report-document";
import type { ReportLocale } from "./report-format";
import type { BuildOptions } from "./report-common";
import { ZAiAnalysisResult, ZReportRunResult } from "./reports.output";

const DAY = DAY_MS;
/**
 * The report engine's version (the models and their renderings; TaskDefinition.engineVersion,
 * provenance): bump it whenever a report changes for the same input — the engine-version guard
 * (src/tasks/engine-versions.test.ts) fails until you do.
 */
const REPORTS_ENGINE_VERSION = 1;
/** Report runs keep their models long enough for a later export (files go after 90 days: reports.cleanup). */
const KEEP = { resultTtlMs: 90 * DAY, engineVersion: REPORTS_ENGINE_VERSION };

/** What the report runs of one subject and its exports share: the queue, a retry after 5 s, and a model kept for export. */
const REPORT_RUN = { queue: "reports", retry: { attempts: 2, backoffMs: 5000 }, ...KEEP } as const;

/**
 * A report of one subject (reports.asset, .compare, .portfolio, .marketOverview) in the input's
 * formats and locale: `gather` fetches and analyses the data (the analysis stage), then
 * produceReport narrates it, builds the model with `build` and stores a file per format.
 */
function subjectReportTask<I extends { formats: readonly ReportFormatName[]; locale: ReportLocale }, D>(def: {
  name: string;
  input: z.ZodType<I>;
  softMs: number;
  complete?: (input: unknown) => unknown;
  subject: (input: I) => string;
  gather: (input: I, ctx: TaskContext, progress: StageProgress, ownerId: string | null) => Promise<D>;
  narrative: (data: D, locale: ReportLocale) => NarrativeInput;
  build: (data: D, o: BuildOptions) => ReportModel;
}) {
  return defineTask({
    name: def.name,
    ...REPORT_RUN,
    input: def.input,
    output: ZReportRunResult,
    complete: def.complete,
    timeout: { softMs: def.softMs },
    handler: (input, ctx) =>
      withRunErrors(() =>
        produceReport(ctx, input.formats, {
          subject: def.subject(input),
          gather: (p, ownerId) => def.gather(input, ctx, p, ownerId),
          narrative: (d) => def.narrative(d, input.locale),
          build: (d, narrative) => def.build(d, { locale: input.locale, narrative }),
        }),
      ),
  });
}

/** The data stage of tickers: their prices collected when missing, then `analyse` (the analysis stage). */
async function analyseTickers<T>(
  tickers: string[],
  ctx: Pick<TaskContext, "signal">,
  p: StageProgress,
  analyse: () => Promise<T>,
): Promise<T> {
  await ensureAssets(tickers, { signal: ctx.signal });
  p("analysis", 0, tickers.join(", "));
  return analyse();
}

/** The data stage of a portfolio the run's owner may see, then its analysis (`o`: range, progress). */
async function analysePortfolio(
  portfolioId: string,
  ctx: Pick<TaskContext, "runId" | "signal">,
  p: StageProgress,
  o: Parameters<typeof analyzePortfolioData>[2] = {},
) {
  const scope = await scopeOfRun(ctx.runId);
  p("analysis", 0, "portfolio");
  return analyzePortfolioData(portfolioId, scope, { ...o, signal: ctx.signal, ensure: ensureAssets });
}

export const reportsAssetTask = subjectReportTask({
  name: "reports.asset",
  input: ZReportsAssetInput,
  softMs: 5 * 60_000,
  subject: (i) => i.ticker,
  gather: (i, ctx, p) =>
    analyseTickers([i.ticker], ctx, p, () => analyzeAssetData(i.ticker, { range: i.range, signal: ctx.signal })),
  narrative: assetNarrativeInput,
  build: buildAssetReport,
});

export const reportsCompareTask = subjectReportTask({
  name: "reports.compare",
  input: ZReportsCompareInput,
  softMs: 5 * 60_000,
  subject: (i) => i.tickers.join(", "),
  gather: (i, ctx, p) =>
    analyseTickers(i.tickers, ctx, p, () => compareData(i.tickers, { range: i.range, signal: ctx.signal })),
  narrative: compareNarrativeInput,
  build: buildCompareReport,
});

export const reportsPortfolioTask = subjectReportTask({
  name: "reports.portfolio",
  input: ZReportsPortfolioInput,
  softMs: 10 * 60_000,
  subject: () => "portfolio",
  gather: (i, ctx, p) =>
    analysePortfolio(i.portfolioId, ctx, p, { range: i.range, progress: (_s, f, m) => p("analysis", f, m) }),
  narrative: portfolioNarrativeInput,
  build: buildPortfolioReport,
});

export const reportsMarketOverviewTask = subjectReportTask({
  name: "reports.marketOverview",
  input: ZReportsMarketOverviewInput,
  softMs: 10 * 60_000,
  complete: defaultsOf(ZReportsMarketOverviewInput),
  subject: () => "assets and prices",
  gather: async (i, _ctx, p, ownerId) => {
    const d = await marketOverviewData({ ownerId, scope: i.scope });
    p("analysis", 1, `${d.assets.length} assets`);
    return d;
  },
  narrative: marketNarrativeInput,
  build: buildMarketOverviewReport,
});

/** Whether a run's owner scope may read the run (its own, a system run's, or any for an admin). */
async function visibleRunOwner(runId: string, scope: OwnerScope): Promise<boolean> {
  const run = await findRun(runId);
  return !!run && (scope.kind === "all" || run.ownerId === null || run.ownerId === scope.ownerId);
}

export const reportsExportTask = defineTask({
  name: "reports.export",
  ...REPORT_RUN,
  input: ZReportsExportInput,
  output: ZReportRunResult,
  timeout: { softMs: 5 * 60_000 },
  handler: async (input, ctx): Promise<ReportRunResult> => {
    const scope = await scopeOfRun(ctx.runId);
    const p = stageProgress(ctx);
    p("data", 0, input.reportId ?? input.runId);
    let models;
    if (input.reportId) {
      const [file] = await findReportFiles([input.reportId], scope);
      if (!file) throw new NonRetriableError(`report ${input.reportId} not found`);
      models = await modelsOfRun(file.runId, file.id);
    } else {
      if (!(await visibleRunOwner(input.runId!, scope))) throw new NonRetriableError(`run ${input.runId} not found`);
      models = await modelsOfRun(input.runId!);
    }
    const ownerId = await runOwner(ctx.runId);
    const reports: ProducedReport[] = [];
    for (const [i, model] of models.entries())
      reports.push(
        await storeReport(model, [input.format], {
          runId: ctx.runId,
          ownerId,
          signal: ctx.signal,
          progress: (s, f, m) => p(s, (i + f) / models.length, m),
        }),
      );
    return { reports, failed: [] };
  },
});

export const reportsBatchExportTask = defineTask({
  name: "reports.batchExport",
  queue: "reports",
  input: ZReportsBatchExportInput,
  output: ZReportRunResult,
  retry: { attempts: 1 },
  timeout: { softMs: 30 * 60_000 },
  ...KEEP,
  handler: async (input, ctx): Promise<ReportRunResult> => {
    const scope = await scopeOfRun(ctx.runId);
    const ownerId = await runOwner(ctx.runId);
    const files = new Map((await findReportFiles(input.reportIds, scope)).map((f) => [f.id, f]));
    const result = await reportEach(input.reportIds, ctx, {
      produce: async (id) => {
        const file = files.get(id);
        if (!file) throw new Error(`report ${id} not found`);
        const [model] = await modelsOfRun(file.runId, file.id);
        return storeReport(model!, [input.format], { runId: ctx.runId, ownerId, signal: ctx.signal });
      },
      what: (id) => id,
      label: (id) => files.get(id)?.filename ?? id,
      failedLog: (failed, n) => `${failed} of ${n} report(s) could not be exported; see the result`,
    });
    if (!result.reports.length)
      throw new NonRetriableError(`no report could be exported: ${result.failed.map((f) => f.message).join("; ")}`);
    return result;
  },
});

export const reportsWeeklyTask = defineTask({
  name: "reports.weekly",
  queue: "reports",
  input: ZReportsWeeklyInput,
  output: ZReportRunResult,
  complete: defaultsOf(ZReportsWeeklyInput),
  retry: { attempts: 1 },
  timeout: { softMs: 2 * 3600_000 },
  ...KEEP,
  handler: async (input, ctx): Promise<ReportRunResult> => {
    const portfolios = await listAllPortfolioIds(REPORT_LIMITS.weeklyPortfolios);
    return reportEach(portfolios, ctx, {
      produce: async (pf, i) => {
        const p = stageProgress(ctx, [i / portfolios.length, (i + 1) / portfolios.length]);
        p("analysis", 0, pf.name);
        const a = await analyzePortfolioData(pf.id, { kind: "all" }, { signal: ctx.signal });
        p("narrative", 0, pf.name);
        const narrative = await narrate(portfolioNarrativeInput(a, input.locale), { signal: ctx.signal });
        const model = buildPortfolioReport(a, { locale: input.locale, narrative, kind: "weekly" });
        return storeReport(model, ["pdf"], { runId: ctx.runId, ownerId: pf.ownerId, progress: p, signal: ctx.signal });
      },
      what: (pf) => `portfolio ${pf.id} (${pf.name})`,
      label: (pf) => pf.name,
      failedLog: (failed) => `${failed} portfolio report(s) failed; see the result`,
    });
  },
});

export const reportsAiAnalysisTask = defineTask({
  name: "reports.aiAnalysis",
  ...REPORT_RUN,
  resultTtlMs: 30 * DAY,
  input: ZReportsAiAnalysisInput,
  output: ZAiAnalysisResult,
  timeout: { softMs: 5 * 60_000 },
  handler: (input, ctx) =>
    withRunErrors(async () => {
      const p = stageProgress(ctx);
      p("data", 0, input.ticker ?? "portfolio");
      const ticker = input.ticker;
      const narrativeInput = ticker
        ? assetNarrativeInput(
            await analyseTickers([ticker], ctx, p, () => analyzeAssetData(ticker, { signal: ctx.signal })),
            input.locale,
          )
        : portfolioNarrativeInput(await analysePortfolio(input.portfolioId!, ctx, p), input.locale);
      const narrative = await narrativeStage(narrativeInput, ctx, p);
      p("render", 1, narrative.label);
      return {
        subject: narrativeInput.subject,
        kind: narrativeInput.kind,
        locale: input.locale,
        facts: narrativeInput.facts,
        narrative,
      };
    }),
});

export const reportsTasks = [
  reportsAssetTask,
  reportsCompareTask,
  reportsPortfolioTask,
  reportsMarketOverviewTask,
  reportsExportTask,
  reportsBatchExportTask,
  reportsWeeklyTask,
  reportsAiAnalysisTask,
  reportsCleanupTask,
] as const;
