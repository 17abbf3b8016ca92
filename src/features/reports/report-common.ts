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

/** The full metrics of one series as label/value rows. */
export function metricsRows(m: MetricsDto, { f, L }: Ctx): { label: string; value: string }[] {
  const rows = [
    { label: L("cumulativeReturn"), value: f.percent(m.cumulativeReturn) },
    { label: L("annualReturn"), value: f.percent(m.annualReturn) },
    { label: L("annualVolatility"), value: f.percent(m.annualVolatility) },
    { label: L("sharpe"), value: f.number(m.sharpe) },
    { label: L("sortino"), value: f.number(m.sortino) },
    { label: L("downsideRisk"), value: f.percent(m.downsideRisk) },
    { label: L("maxDrawdown"), value: f.percent(m.maxDrawdown) },
    { label: L("maxDrawdownDates"), value: `${f.day(m.maxDrawdownPeak)} → ${f.day(m.maxDrawdownTrough)}` },
    { label: L("recovery"), value: m.maxDrawdownRecovery ? f.day(m.maxDrawdownRecovery) : L("notRecovered") },
    { label: L("calmar"), value: f.number(m.calmar) },
    { label: L("var"), value: f.percent(m.var) },
    { label: L("cvar"), value: f.percent(m.cvar) },
    { label: L("parametricVar"), value: f.percent(m.parametricVar) },
  ];
  if (m.beta !== undefined) rows.push({ label: L("beta"), value: f.number(m.beta) });
  if (m.alpha !== undefined) rows.push({ label: L("alpha"), value: f.percent(m.alpha) });
  rows.push({ label: L("periods"), value: f.number(m.periods, 0) });
  return rows;
}

/** Compact metric columns for a table of several series. */
export const METRIC_COLUMNS = ["annualReturn", "annualVolatility", "sharpe", "maxDrawdown", "var"] as const;
export function metricCells(m: MetricsDto | undefined, { f }: Ctx): string[] {
  if (!m) return METRIC_COLUMNS.map(() => "–");
  return [
    f.percent(m.annualReturn),
    f.percent(m.annualVolatility),
    f.number(m.sharpe),
    f.percent(m.maxDrawdown),
    f.percent(m.var),
  ];
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
