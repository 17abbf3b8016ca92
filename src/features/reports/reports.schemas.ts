/** Inputs of the reports tasks, procedures and endpoints; every message names the field and the limit. */
import { STRICT_INPUT as STRICT } from "@/runs/strict-input";
import { z } from "zod";
import { HISTORY_RANGES, ticker, uuid } from "@/features/portfolio/ui";
import { REPORT_FORMATS } from "./report-document";
import { REPORT_LOCALES } from "./report-format";

export const REPORT_LIMITS = {
  compareTickers: [2, 10] as const,
  batchExport: 50,
  listLimit: 200,
  weeklyPortfolios: 5000,
} as const;
const L = REPORT_LIMITS;

export const GENERATE_KINDS = ["asset", "compare", "portfolio", "marketOverview"] as const;

export const ZReportLocale = z
  .enum(REPORT_LOCALES, { error: `locale must be one of ${REPORT_LOCALES.join(", ")}` })
  .default("en");
const ZFormat = z.enum(REPORT_FORMATS, { error: `format must be one of ${REPORT_FORMATS.join(", ")}` });
export const ZFormats = z
  .array(ZFormat, { error: `formats must be a list of ${REPORT_FORMATS.join(", ")}` })
  .min(1, "formats must name at least 1 format")
  .max(REPORT_FORMATS.length, `formats must name at most ${REPORT_FORMATS.length} formats`)
  .refine((f) => new Set(f).size === f.length, "formats must not repeat a format")
  .default(["pdf"]);
const ZRange = z.enum(HISTORY_RANGES, { error: `range must be one of ${HISTORY_RANGES.join(", ")}` });
const ZTickers = z
  .array(ticker("tickers"), { error: "tickers must be a list of tickers" })
  .min(L.compareTickers[0], `tickers must list at least ${L.compareTickers[0]} assets`)
  .max(L.compareTickers[1], `tickers must list at most ${L.compareTickers[1]} assets`)
  .refine((t) => new Set(t).size === t.length, "tickers must not repeat a ticker");
const ZScope = z.enum(["watched", "all"], { error: "scope must be watched or all" }).default("watched");

export const ZReportsAssetInput = z.strictObject(
  { ticker: ticker("ticker"), formats: ZFormats, locale: ZReportLocale, range: ZRange.default("2y") },
  STRICT,
);
export const ZReportsCompareInput = z.strictObject(
  { tickers: ZTickers, formats: ZFormats, locale: ZReportLocale, range: ZRange.default("1y") },
  STRICT,
);
export const ZReportsPortfolioInput = z.strictObject(
  { portfolioId: uuid("portfolioId"), formats: ZFormats, locale: ZReportLocale, range: ZRange.default("2y") },
  STRICT,
);
export const ZReportsMarketOverviewInput = z.strictObject(
  { scope: ZScope, formats: ZFormats, locale: ZReportLocale },
  STRICT,
);
export const ZReportsWeeklyInput = z.strictObject({ locale: ZReportLocale }, STRICT);

/** Exactly one of the given fields. */
const oneOf = (a: string, b: string) => (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if ((v[a] === undefined) === (v[b] === undefined))
    ctx.addIssue({ code: "custom", path: [a], message: `${a} or ${b} is required: give exactly one of them` });
};

export const ZReportsExportInput = z
  .strictObject({ reportId: uuid("reportId").optional(), runId: uuid("runId").optional(), format: ZFormat }, STRICT)
  .superRefine(oneOf("reportId", "runId"));
export const ZReportsBatchExportInput = z.strictObject(
  {
    reportIds: z
      .array(uuid("reportIds"), { error: "reportIds must be a list of report ids" })
      .min(1, "reportIds must list at least 1 report")
      .max(L.batchExport, `reportIds must list at most ${L.batchExport} reports`)
      .refine((ids) => new Set(ids).size === ids.length, "reportIds must not repeat an id"),
    format: ZFormat,
  },
  STRICT,
);
export const ZReportsAiAnalysisInput = z
  .strictObject(
    { ticker: ticker("ticker").optional(), portfolioId: uuid("portfolioId").optional(), locale: ZReportLocale },
    STRICT,
  )
  .superRefine(oneOf("ticker", "portfolioId"));

/** The page's "generate": a kind and its target. */
export const ZGenerateInput = z
  .strictObject(
    {
      kind: z.enum(GENERATE_KINDS, { error: `kind must be one of ${GENERATE_KINDS.join(", ")}` }),
      ticker: ticker("ticker").optional(),
      tickers: ZTickers.optional(),
      portfolioId: uuid("portfolioId").optional(),
      scope: z.enum(["watched", "all"], { error: "scope must be watched or all" }).optional(),
      formats: ZFormats,
      locale: ZReportLocale,
    },
    STRICT,
  )
  .superRefine((v, ctx) => {
    const need = { asset: "ticker", compare: "tickers", portfolio: "portfolioId", marketOverview: null }[v.kind];
    if (need && v[need as "ticker"] === undefined)
      ctx.addIssue({ code: "custom", path: [need], message: `${need} is required for a ${v.kind} report` });
  });

export const ZReportId = z.strictObject({ id: uuid("id") }, STRICT);
export const ZListReportsInput = z
  .strictObject(
    {
      limit: z
        .number({ error: "limit must be a number" })
        .int("limit must be a whole number")
        .min(1, "limit must be at least 1")
        .max(L.listLimit, `limit must be at most ${L.listLimit}`)
        .default(50),
      runId: uuid("runId").optional(),
    },
    STRICT,
  )
  .default({ limit: 50 });
export type TReportsExportInput = z.output<typeof ZReportsExportInput>;
export type TReportsBatchExportInput = z.output<typeof ZReportsBatchExportInput>;
export type TReportsAiAnalysisInput = z.output<typeof ZReportsAiAnalysisInput>;
export type TGenerateInput = z.output<typeof ZGenerateInput>;
export type TListReportsInput = z.output<typeof ZListReportsInput>;
