/** Pieces every report builder shares: the metrics table, the narrative block, the header. */
import type { MetricsDto } from "@/features/portfolio";
import type { Narrative } from "./ai/narrative";
import type { ReportBlock, ReportKind, ReportModel, ReportSection } from "./report-document";
import { reportFormat, type ReportFormat, type ReportLocale } from "./report-format";
import { reportLabels, type Labels } from "./report-labels";

export interface BuildOptions {
  locale: ReportLocale;
  /** ISO timestamp (default now). */
  generatedAt?: string;
  narrative?: Narrative | null;
}

export interface Ctx {
  f: ReportFormat;
  L: Labels;
  generatedAt: string;
}

export function ctxOf(o: BuildOptions): Ctx {
  return {
    f: reportFormat(o.locale),
    L: reportLabels(o.locale),
    generatedAt: o.generatedAt ?? new Date().toISOString(),
  };
}

/** The metrics shown as ratios (Sharpe-like); every other metric listed here is a percentage. */
const RATIO_METRICS = new Set(["sharpe", "sortino", "calmar", "beta"]);
type MetricKey =
  | "cumulativeReturn"
  | "annualReturn"
  | "annualVolatility"
  | "sharpe"
  | "sortino"
  | "downsideRisk"
  | "maxDrawdown"
  | "calmar"
  | "var"
  | "cvar"
  | "parametricVar"
  | "beta"
  | "alpha";

/** One metric formatted as the reports show it: a ratio or a percentage. */
const metricValue = (m: MetricsDto, k: MetricKey, f: ReportFormat) =>
  RATIO_METRICS.has(k) ? f.number(m[k]) : f.percent(m[k]);

/** The named metrics as label/value rows; beta and alpha only when the series has a benchmark. */
export function metricRowsOf(keys: readonly MetricKey[], m: MetricsDto, L: Labels, f: ReportFormat) {
  return keys.filter((k) => m[k] !== undefined).map((k) => ({ label: L(k), value: metricValue(m, k, f) }));
}

/** The full metrics of one series as label/value rows. */
export function metricsRows(m: MetricsDto, { f, L }: Ctx): { label: string; value: string }[] {
  const risk = ["sharpe", "sortino", "downsideRisk", "maxDrawdown"] as const;
  return [
    ...metricRowsOf(["cumulativeReturn", "annualReturn", "annualVolatility", ...risk], m, L, f),
    { label: L("maxDrawdownDates"), value: `${f.day(m.maxDrawdownPeak)} → ${f.day(m.maxDrawdownTrough)}` },
    { label: L("recovery"), value: m.maxDrawdownRecovery ? f.day(m.maxDrawdownRecovery) : L("notRecovered") },
    ...metricRowsOf(["calmar", "var", "cvar", "parametricVar", "beta", "alpha"], m, L, f),
    { label: L("periods"), value: f.number(m.periods, 0) },
  ];
}

/** Compact metric columns for a table of several series. */
export const METRIC_COLUMNS = ["annualReturn", "annualVolatility", "sharpe", "maxDrawdown", "var"] as const;
export function metricCells(m: MetricsDto | undefined, { f }: Ctx): string[] {
  return METRIC_COLUMNS.map((k) => (m ? metricValue(m, k, f) : "–"));
}

export function narrativeSection(n: Narrative | null | undefined, { L }: Ctx): ReportSection[] {
  if (!n) return [];
  const c = n.consensus;
  const method = !c
    ? ""
    : c.method === "provider"
      ? L("consensusProvider", { provider: c.provider ?? "" })
      : c.method === "single"
        ? L("consensusSingle")
        : L("consensusShared");
  const block: ReportBlock = {
    type: "narrative",
    narrative: n,
    labels: {
      answers: L("answersFrom", { count: n.answers.length }),
      consensus: L("consensus"),
      consensusMethod: method,
      failed: n.answers.map((a) => (a.ok ? null : L("failed", { error: a.error ?? "" }))),
    },
  };
  return [{ title: L("narrative"), blocks: [block] }];
}

export function reportShell(
  kind: ReportKind,
  c: Ctx,
  head: { title: string; subtitle: string; subject: ReportModel["subject"]; notes?: string[] },
  sections: ReportSection[],
): ReportModel {
  return {
    version: 1,
    kind,
    title: head.title,
    subtitle: head.subtitle,
    generatedAt: c.generatedAt,
    generatedLabel: c.L("generated", { when: c.f.timestamp(c.generatedAt) }),
    locale: c.f.locale,
    subject: head.subject,
    notes: head.notes ?? [],
    sections,
  };
}
