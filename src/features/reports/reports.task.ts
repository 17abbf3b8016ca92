/**
 * The reports tasks on the "reports" queue. Each report run goes data → analysis → narrative →
 * render with its progress, stores a file per format (owned by the run's owner) and keeps the
 * report model in its result, so reports.export / reports.batchExport can render it again.
 */
import { DAY_MS } from "@/domain/shared/dates";
import type { OwnerScope } from "@/accounts/viewer";
import { defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import { ensureAssets } from "@/features/market";
import {
  analyzeAssetData,
  analyzePortfolioData,
  compareData,
  asRunError,
  scopeOfRun,
  listAllPortfolioIds,
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
  runOwner,
  stageProgress,
  storeReport,
  type ProducedReport,
  type ReportRunResult,
} from "./reports.produce";
import { ZAiAnalysisResult, ZReportRunResult } from "./reports.output";

const DAY = DAY_MS;
/** Report runs keep their models long enough for a later export (files go after 90 days: reports.cleanup). */
const KEEP = { resultTtlMs: 90 * DAY };

async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asRunError(e);
  }
}

export const reportsAssetTask = defineTask({
  name: "reports.asset",
  queue: "reports",
  input: ZReportsAssetInput,
  output: ZReportRunResult,
  retry: { attempts: 2, backoffMs: 5000 },
  timeout: { softMs: 5 * 60_000 },
  ...KEEP,
  handler: (input, ctx) =>
    guarded(() =>
      produceReport(ctx, input.formats, {
        subject: input.ticker,
        gather: async (p) => {
          await ensureAssets([input.ticker], { signal: ctx.signal });
          p("analysis", 0, input.ticker);
          return analyzeAssetData(input.ticker, { range: input.range, signal: ctx.signal });
        },
        narrative: (a) => assetNarrativeInput(a, input.locale),
        build: (a, narrative) => buildAssetReport(a, { locale: input.locale, narrative }),
      }),
    ),
});

export const reportsCompareTask = defineTask({
  name: "reports.compare",
  queue: "reports",
  input: ZReportsCompareInput,
  output: ZReportRunResult,
  retry: { attempts: 2, backoffMs: 5000 },
  timeout: { softMs: 5 * 60_000 },
  ...KEEP,
  handler: (input, ctx) =>
    guarded(() =>
      produceReport(ctx, input.formats, {
        subject: input.tickers.join(", "),
        gather: async (p) => {
          await ensureAssets(input.tickers, { signal: ctx.signal });
          p("analysis", 0, input.tickers.join(", "));
          return compareData(input.tickers, { range: input.range, signal: ctx.signal });
        },
        narrative: (c) => compareNarrativeInput(c, input.locale),
        build: (c, narrative) => buildCompareReport(c, { locale: input.locale, narrative }),
      }),
    ),
});

export const reportsPortfolioTask = defineTask({
  name: "reports.portfolio",
  queue: "reports",
  input: ZReportsPortfolioInput,
  output: ZReportRunResult,
  retry: { attempts: 2, backoffMs: 5000 },
  timeout: { softMs: 10 * 60_000 },
  ...KEEP,
  handler: (input, ctx) =>
    guarded(() =>
      produceReport(ctx, input.formats, {
        subject: "portfolio",
        gather: async (p) => {
          const scope = await scopeOfRun(ctx.runId);
          p("analysis", 0, "portfolio");
          return analyzePortfolioData(input.portfolioId, scope, {
            range: input.range,
            signal: ctx.signal,
            ensure: ensureAssets,
            progress: (_s, f, m) => p("analysis", f, m),
          });
        },
        narrative: (a) => portfolioNarrativeInput(a, input.locale),
        build: (a, narrative) => buildPortfolioReport(a, { locale: input.locale, narrative }),
      }),
    ),
});

export const reportsMarketOverviewTask = defineTask({
  name: "reports.marketOverview",
  queue: "reports",
  input: ZReportsMarketOverviewInput,
  output: ZReportRunResult,
  complete: (v) => ZReportsMarketOverviewInput.parse(v ?? {}),
  retry: { attempts: 2, backoffMs: 5000 },
  timeout: { softMs: 10 * 60_000 },
  ...KEEP,
  handler: (input, ctx) =>
    guarded(() =>
      produceReport(ctx, input.formats, {
        subject: "assets and prices",
        gather: async (p, ownerId) => {
          const d = await marketOverviewData({ ownerId, scope: input.scope });
          p("analysis", 1, `${d.assets.length} assets`);
          return d;
        },
        narrative: (d) => marketNarrativeInput(d, input.locale),
        build: (d, narrative) => buildMarketOverviewReport(d, { locale: input.locale, narrative }),
      }),
    ),
});

/** Whether a run's owner scope may read the run (its own, a system run's, or any for an admin). */
async function visibleRunOwner(runId: string, scope: OwnerScope): Promise<boolean> {
  const run = await findRun(runId);
  return !!run && (scope.kind === "all" || run.ownerId === null || run.ownerId === scope.ownerId);
}

export const reportsExportTask = defineTask({
  name: "reports.export",
  queue: "reports",
  input: ZReportsExportInput,
  output: ZReportRunResult,
  retry: { attempts: 2, backoffMs: 5000 },
  timeout: { softMs: 5 * 60_000 },
  ...KEEP,
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
    const reports: ProducedReport[] = [];
    const failed: ReportRunResult["failed"] = [];
    const n = input.reportIds.length;
    for (const [i, id] of input.reportIds.entries()) {
      ctx.signal.throwIfAborted();
      const file = files.get(id);
      try {
        if (!file) throw new Error(`report ${id} not found`);
        const [model] = await modelsOfRun(file.runId, file.id);
        reports.push(await storeReport(model!, [input.format], { runId: ctx.runId, ownerId, signal: ctx.signal }));
      } catch (e) {
        ctx.signal.throwIfAborted();
        failed.push({ what: id, message: (e as Error).message });
      }
      ctx.progress((i + 1) / n, "render", `${i + 1} of ${n}: ${file?.filename ?? id}`);
    }
    if (failed.length)
      await ctx.log(`${failed.length} of ${n} report(s) could not be exported; see the result`, "warn");
    if (!reports.length)
      throw new NonRetriableError(`no report could be exported: ${failed.map((f) => f.message).join("; ")}`);
    return { reports, failed };
  },
});

export const reportsWeeklyTask = defineTask({
  name: "reports.weekly",
  queue: "reports",
  input: ZReportsWeeklyInput,
  output: ZReportRunResult,
  complete: (v) => ZReportsWeeklyInput.parse(v ?? {}),
  retry: { attempts: 1 },
  timeout: { softMs: 2 * 3600_000 },
  ...KEEP,
  handler: async (input, ctx): Promise<ReportRunResult> => {
    const portfolios = await listAllPortfolioIds(REPORT_LIMITS.weeklyPortfolios);
    const reports: ProducedReport[] = [];
    const failed: ReportRunResult["failed"] = [];
    for (const [i, pf] of portfolios.entries()) {
      ctx.signal.throwIfAborted();
      const p = stageProgress(ctx, [i / portfolios.length, (i + 1) / portfolios.length]);
      try {
        p("analysis", 0, pf.name);
        const a = await analyzePortfolioData(pf.id, { kind: "all" }, { signal: ctx.signal });
        p("narrative", 0, pf.name);
        const narrative = await narrate(portfolioNarrativeInput(a, input.locale), { signal: ctx.signal });
        const model = buildPortfolioReport(a, { locale: input.locale, narrative, kind: "weekly" });
        reports.push(
          await storeReport(model, ["pdf"], { runId: ctx.runId, ownerId: pf.ownerId, progress: p, signal: ctx.signal }),
        );
      } catch (e) {
        ctx.signal.throwIfAborted();
        failed.push({ what: `portfolio ${pf.id} (${pf.name})`, message: (e as Error).message });
      }
      ctx.progress((i + 1) / portfolios.length, "render", `${i + 1} of ${portfolios.length}: ${pf.name}`);
    }
    if (failed.length) await ctx.log(`${failed.length} portfolio report(s) failed; see the result`, "warn");
    return { reports, failed };
  },
});

export const reportsAiAnalysisTask = defineTask({
  name: "reports.aiAnalysis",
  queue: "reports",
  input: ZReportsAiAnalysisInput,
  output: ZAiAnalysisResult,
  retry: { attempts: 2, backoffMs: 5000 },
  timeout: { softMs: 5 * 60_000 },
  resultTtlMs: 30 * DAY,
  handler: (input, ctx) =>
    guarded(async () => {
      const p = stageProgress(ctx);
      p("data", 0, input.ticker ?? "portfolio");
      let narrativeInput;
      if (input.ticker) {
        await ensureAssets([input.ticker], { signal: ctx.signal });
        p("analysis", 0, input.ticker);
        narrativeInput = assetNarrativeInput(
          await analyzeAssetData(input.ticker, { signal: ctx.signal }),
          input.locale,
        );
      } else {
        const scope = await scopeOfRun(ctx.runId);
        p("analysis", 0, "portfolio");
        const a = await analyzePortfolioData(input.portfolioId!, scope, { signal: ctx.signal, ensure: ensureAssets });
        narrativeInput = portfolioNarrativeInput(a, input.locale);
      }
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
