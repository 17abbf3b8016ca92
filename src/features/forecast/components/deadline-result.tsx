"use client";

import { useTranslations } from "next-intl";
import { DeadlineGauge } from "./deadline-gauge";
import { PercentileCards, Stat } from "./percentile-cards";
import { ZForecastDeadlineResult, type TDeadlineTrend } from "../forecast.output";
import { inputField, levelsOf } from "./result-fields";
import { BadResult, RunStats, useResultView } from "./result-parts";
import { explainTrend } from "./trend-text";
import { useForecastFormat } from "./use-forecast-format";

const b = (chunks: React.ReactNode) => <b>{chunks}</b>;

/** Deadline risk: the chance of finishing by the deadline, the scope reachable at each confidence, and the trend in plain words. */
export function DeadlineResult({ result: raw, input }: { result: unknown; input?: unknown }) {
  const { t, f, result } = useResultView(ZForecastDeadlineResult, raw, inputField(input, "periodDays"));
  if (!result) return <BadResult />;
  const deadline = inputField(input, "deadline");
  const by = typeof deadline === "string" ? f.day(deadline) : f.periods(result.periodsToDeadline);
  const levels = levelsOf(result.scope);
  const base = result.baseline;
  const focus = levels.includes("85") ? "85" : levels[levels.length - 1];

  return (
    <div className="space-y-6">
      <div className="grid items-center gap-6 md:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <DeadlineGauge probability={result.probability} title={t("gaugeTitleDate", { date: by })} />
        <div className="space-y-3">
          <TrendNote trend={result.trend} unit={f.unit} />
          {base && result.trend.model !== "none" && (
            <p className="text-sm text-slate-600" data-testid="deadline-baseline">
              {t("baseline", {
                probability: f.pct(base.probability),
                level: focus ? f.num(Number(focus)) : "",
                count: focus ? (base.scope[focus] ?? 0) : 0,
              })}
            </p>
          )}
        </div>
      </div>

      <PercentileCards
        cards={levels.map((level) => {
          const share = result.scopeShare?.[level];
          return {
            level,
            emphasis: level === "85",
            headline: t.rich("scopeAtLeast", { level: f.num(Number(level)), count: result.scope[level]!, date: by, b }),
            detail:
              share === undefined
                ? undefined
                : share >= 1
                  ? t("scopeWhole")
                  : t("scopeShare", { share: f.pct(share, 0) }),
          };
        })}
      />

      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <Stat label={t("chanceByDeadline")} testId="deadline-probability">
          {f.pct(result.probability)}
        </Stat>
        <Stat label={t("periodsToDeadline")}>{f.periods(result.periodsToDeadline)}</Stat>
        <RunStats trials={result.trials} seed={result.seed} />
      </dl>
    </div>
  );
}

/** The trend model in plain words, built from the engine's numbers. */
export function TrendNote({ trend, unit }: { trend: TDeadlineTrend; unit: "week" | "day" | "other" }) {
  const t = useTranslations("ForecastResult");
  const f = useForecastFormat(unit === "week" ? 7 : unit === "day" ? 1 : 0);
  const e = explainTrend(trend);
  const means =
    e.showMeans && e.model !== "none"
      ? t("trendMeans", { model: e.model, unit, recent: f.num(e.recentMean!), overall: f.num(e.overallMean!) })
      : "";
  let text: string;
  if (e.model === "recent") {
    text = t("trendRecent", { unit, age: e.halfLife === null ? "?" : f.periods(e.halfLife) });
  } else if (e.model === "fitted") {
    text =
      e.slope === null
        ? t("trendFittedUnknown")
        : t("trendFitted", {
            unit,
            span: f.periods(e.periodsUsed),
            direction: e.direction,
            slope: f.num(e.slope, 2),
            stdErr: e.stdErr === null ? "?" : f.num(e.stdErr, 2),
          });
    if (e.slope !== null && !e.clear) text += ` ${t("trendNotClear")}`;
  } else {
    text = t("trendNone", {
      unit,
      span: f.periods(e.periodsUsed),
      overall: e.overallMean === null ? "?" : f.num(e.overallMean),
    });
  }
  return (
    <p
      className="rounded-md bg-slate-50 p-3 text-sm text-slate-700"
      data-testid="trend-explanation"
      data-model={e.model}
    >
      {text} {means}
    </p>
  );
}
