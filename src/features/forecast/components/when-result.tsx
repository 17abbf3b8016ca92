"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Table, TableHead, Td } from "@/components/ui/table";
import { DeadlineGauge } from "./deadline-gauge";
import { ForecastCharts } from "./forecast-charts";
import { PercentileCards, Stat, Warnings } from "./percentile-cards";
import { ZForecastWhenResult, type TRiskSummaryRow } from "../forecast.output";
import { inputField, levelsOf } from "./result-fields";
import { BadResult, didNotFinishWarning, RunStats, useResultView } from "./result-parts";
import { StoppedAtNote } from "./stopped-at";
import { useForecastFormat } from "./use-forecast-format";

const b = (chunks: React.ReactNode) => <b>{chunks}</b>;
const RANK_TONE = { HIGH: "danger", MEDIUM: "warning", LOW: "neutral" } as const;

/** "When will it be done?": a card per confidence level with its date, the deadline gauge, risks, charts. */
export function WhenResult({ result: raw, input }: { result: unknown; input?: unknown }) {
  const { t, tr, f, result } = useResultView(ZForecastWhenResult, raw, inputField(input, "periodDays"));
  if (!result) return <BadResult />;

  const levels = levelsOf(result.percentiles);
  const deadline = inputField(input, "deadline");
  const inputBacklog = inputField(input, "backlog");
  const backlogLine = typeof inputBacklog === "number" && !result.backlog ? inputBacklog : result.backlog?.max;
  const warnings = didNotFinishWarning({ t, f }, result);

  return (
    <div className="space-y-6">
      <Warnings items={warnings} />
      <StoppedAtNote stoppedAt={result.stoppedAt} />
      <PercentileCards
        cards={levels.map((level) => {
          const p = result.percentiles[level];
          const date = result.dates?.[level];
          const lv = f.num(Number(level));
          return {
            level,
            emphasis: level === "85",
            headline:
              p == null
                ? t.rich("whenNotReached", { level: lv, max: f.periods(result.maxPeriods), b })
                : date
                  ? t.rich("whenDoneBy", { level: lv, date: f.day(date), b })
                  : t.rich("whenDoneWithin", { level: lv, periods: f.periods(p), b }),
            detail: p != null && date ? <time dateTime={date}>{f.periods(p)}</time> : undefined,
          };
        })}
      />

      <div className="grid items-center gap-6 md:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        {result.probabilityByDeadline !== undefined && (
          <DeadlineGauge
            probability={result.probabilityByDeadline}
            title={typeof deadline === "string" ? t("gaugeTitleDate", { date: f.day(deadline) }) : tr("deadline")}
          />
        )}
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          <Stat label={tr("mean")} testId="forecast-mean">
            {result.mean == null ? tr("meanUndefined") : f.periods(Math.round(result.mean * 10) / 10)}
          </Stat>
          <RunStats trials={result.trials} seed={result.seed} didNotFinish={result.didNotFinish} />
          {result.backlog &&
            (result.backlog.min !== result.backlog.max ||
              !!inputField(input, "risks") ||
              !!inputField(input, "splitRate")) && (
              <Stat label={t("simulatedBacklog")}>
                {result.backlog.min === result.backlog.max
                  ? f.num(result.backlog.min, 0)
                  : t("range", { min: f.num(result.backlog.min, 0), max: f.num(result.backlog.max, 0) })}
              </Stat>
            )}
          {result.periodsToDeadline !== undefined && (
            <Stat label={t("periodsToDeadline")}>{f.periods(result.periodsToDeadline)}</Stat>
          )}
        </dl>
      </div>

      {result.riskSummary && result.riskSummary.length > 0 && <RiskTable rows={result.riskSummary} />}

      {result.histogram.length > 0 && <ForecastCharts result={result} backlog={backlogLine} />}
    </div>
  );
}

function RiskTable({ rows }: { rows: TRiskSummaryRow[] }) {
  const t = useTranslations("ForecastResult");
  const f = useForecastFormat();
  return (
    <Table data-testid="risk-summary">
      <caption className="mb-2 text-left text-sm font-medium text-slate-700">{t("riskCaption")}</caption>
      <TableHead
        columns={[
          t("riskCol"),
          { label: t("riskExpected"), numeric: true },
          { label: t("riskP85"), numeric: true },
          t("riskRank"),
        ]}
      />
      <tbody>
        {rows.map((r) => (
          <tr key={r.index}>
            <Td>{t("riskName", { n: r.index + 1 })}</Td>
            <Td className="text-right tabular-nums">{f.num(r.expected)}</Td>
            <Td className="text-right tabular-nums">{f.num(r.p85)}</Td>
            <Td>
              <Badge tone={RANK_TONE[r.rank]}>{t(`rank.${r.rank}`)}</Badge>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
