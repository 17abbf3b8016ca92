/**
 * The report document: format-neutral (Markdown, HTML and PDF render the same model) and plain
 * JSON, so a run's result keeps it and reports.export can render it again in another format.
 * Text and metric values are already formatted in the report's locale; chart values stay numbers
 * with the format their axis uses.
 */
import type { Narrative } from "./ai/narrative";
import type { ReportLocale } from "./report-format";

export const REPORT_KINDS = ["asset", "compare", "portfolio", "marketOverview", "weekly"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ["pdf", "md", "html"] as const;
export type ReportFormatName = (typeof REPORT_FORMATS)[number];

export const REPORT_MIME: Record<ReportFormatName, string> = {
  pdf: "application/pdf",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

export type ValueFormat = "percent" | "number" | "index" | "money";

export interface ChartPoint {
  /** An ISO calendar day. */
  x: string;
  y: number | null;
}

export type ReportBlock =
  | { type: "paragraph"; text: string }
  | { type: "metrics"; title?: string; rows: { label: string; value: string }[] }
  | { type: "table"; title?: string; columns: string[]; rows: string[][]; numeric?: boolean[] }
  | { type: "lineChart"; title: string; format: ValueFormat; series: { name: string; points: ChartPoint[] }[] }
  | { type: "barChart"; title: string; format: ValueFormat; bars: { label: string; value: number }[] }
  | {
      type: "scatter";
      title: string;
      xLabel: string;
      yLabel: string;
      format: ValueFormat;
      points: { x: number; y: number; label?: string; highlight?: boolean }[];
    }
  | { type: "heatmap"; title: string; labels: string[]; matrix: (number | null)[][] }
  | { type: "narrative"; narrative: Narrative; labels: NarrativeLabels };

/** The words a renderer needs around a narrative, in the report's locale. */
export interface NarrativeLabels {
  answers: string;
  consensus: string;
  consensusMethod: string;
  failed: (string | null)[];
}

export interface ReportSection {
  title: string;
  blocks: ReportBlock[];
}

export interface ReportModel {
  version: 1;
  kind: ReportKind;
  title: string;
  subtitle: string;
  /** ISO timestamp. */
  generatedAt: string;
  /** The generated-at line in the locale. */
  generatedLabel: string;
  locale: ReportLocale;
  /** What the report is about, for file names and re-export. */
  subject: { ticker?: string; tickers?: string[]; portfolioId?: string; name?: string };
  /** Notes shown under the title (e.g. demo data). */
  notes: string[];
  sections: ReportSection[];
}

/** A file name for the report: ASCII, no spaces, with the date and the extension. */
export function reportFilename(
  m: Pick<ReportModel, "kind" | "subject" | "generatedAt">,
  format: ReportFormatName,
): string {
  const subject =
    m.subject.ticker ??
    m.subject.tickers?.join("-") ??
    m.subject.name ??
    (m.kind === "marketOverview" ? "market" : "report");
  const slug = subject
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9^]+/g, "-")
    .replace(/\^/g, "")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .toLowerCase();
  return `fluxo-${m.kind}-${slug || "report"}-${m.generatedAt.slice(0, 10)}.${format}`;
}

/** At most `max` points, evenly spaced, first and last kept (charts need no more). */
export function thin<T>(xs: readonly T[], max = 260): T[] {
  if (xs.length <= max) return [...xs];
  const out: T[] = [];
  const step = (xs.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(xs[Math.round(k * step)]!);
  return out;
}
