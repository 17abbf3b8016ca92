/**
 * What the reports tasks return: the report model (./report-document) and its stored files, or an
 * AI analysis. The executor checks a run's result against its schema before storing it, and
 * reports.export reads an earlier run's models with ZReportRunResult. Client-safe: zod only.
 */
import { z } from "zod";
import { ZStatistic as S } from "@/runs/task-result";
import { REPORT_KINDS } from "./report-document";
import { REPORT_LOCALES } from "./report-format";

const ZFormat = z.enum(["percent", "number", "index", "money"]);

export const ZNarrative = z.object({
  source: z.enum(["ai", "metrics"]),
  label: z.string(),
  text: z.string(),
  answers: z.array(
    z.object({
      provider: z.string(),
      model: z.string(),
      ok: z.boolean(),
      text: z.string().nullable(),
      error: z.string().nullable(),
      status: z.number().nullable(),
      ms: z.number(),
      cached: z.boolean(),
    }),
  ),
  consensus: z
    .object({
      method: z.enum(["provider", "shared-points", "single"]),
      provider: z.string().nullable(),
      text: z.string(),
    })
    .nullable(),
});

export const ZReportBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("paragraph"), text: z.string() }),
  z.object({
    type: z.literal("metrics"),
    title: z.string().optional(),
    rows: z.array(z.object({ label: z.string(), value: z.string() })),
  }),
  z.object({
    type: z.literal("table"),
    title: z.string().optional(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    numeric: z.array(z.boolean()).optional(),
  }),
  z.object({
    type: z.literal("lineChart"),
    title: z.string(),
    format: ZFormat,
    series: z.array(z.object({ name: z.string(), points: z.array(z.object({ x: z.string(), y: S })) })),
  }),
  z.object({
    type: z.literal("barChart"),
    title: z.string(),
    format: ZFormat,
    bars: z.array(z.object({ label: z.string(), value: S })),
  }),
  z.object({
    type: z.literal("scatter"),
    title: z.string(),
    xLabel: z.string(),
    yLabel: z.string(),
    format: ZFormat,
    points: z.array(z.object({ x: S, y: S, label: z.string().optional(), highlight: z.boolean().optional() })),
  }),
  z.object({ type: z.literal("heatmap"), title: z.string(), labels: z.array(z.string()), matrix: z.array(z.array(S)) }),
  z.object({
    type: z.literal("narrative"),
    narrative: ZNarrative,
    labels: z.object({
      answers: z.string(),
      consensus: z.string(),
      consensusMethod: z.string(),
      failed: z.array(z.string().nullable()),
    }),
  }),
]);

export const ZReportModel = z.object({
  version: z.literal(1),
  kind: z.enum(REPORT_KINDS),
  title: z.string(),
  subtitle: z.string(),
  generatedAt: z.string(),
  generatedLabel: z.string(),
  locale: z.enum(REPORT_LOCALES),
  subject: z.object({
    ticker: z.string().optional(),
    tickers: z.array(z.string()).optional(),
    portfolioId: z.string().optional(),
    name: z.string().optional(),
  }),
  notes: z.array(z.string()),
  sections: z.array(z.object({ title: z.string(), blocks: z.array(ZReportBlock) })),
});

export const ZReportFile = z.object({
  id: z.string(),
  kind: z.string(),
  format: z.string(),
  title: z.string(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  runId: z.string(),
  ownerId: z.string().nullable(),
  createdAt: z.string(),
});

/** A report run's result: its reports (model + files) and what failed. */
export const ZReportRunResult = z.object({
  reports: z.array(z.object({ model: ZReportModel, files: z.array(ZReportFile) })),
  failed: z.array(z.object({ what: z.string(), message: z.string() })),
});

/** reports.aiAnalysis: the facts the providers were given and the narrative they gave. */
export const ZAiAnalysisResult = z.object({
  subject: z.string(),
  kind: z.string(),
  locale: z.enum(REPORT_LOCALES),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  narrative: ZNarrative,
});
