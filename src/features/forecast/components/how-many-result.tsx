"use client";

import { useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, ChartGrid, GRID } from "@/components/chart";
import { PercentileCards, Stat } from "./percentile-cards";
import { ZForecastHowManyResult, type TForecastHowManyResult } from "../forecast.output";
import { inputField, levelsOf } from "./result-fields";
import { BadResult, RunStats, useResultView } from "./result-parts";
import { StoppedAtNote } from "./stopped-at";
import { useForecastFormat } from "./use-forecast-format";

const b = (chunks: React.ReactNode) => <b>{chunks}</b>;

/** "How many items by a date?": lower-tail cards ("85 % chance of at least N items"), histogram, exceedance curve. */
export function HowManyResult({ result: raw, input }: { result: unknown; input?: unknown }) {
  // The how-many input has no period length: say "periods" unless the input names one.
  const { t, f, result } = useResultView(ZForecastHowManyResult, raw, inputField(input, "periodDays") ?? 0);
  if (!result) return <BadResult />;
  const within = f.periods(result.periods);
  return (
    <div className="space-y-6">
      <StoppedAtNote stoppedAt={result.stoppedAt} />
      <PercentileCards
        cards={levelsOf(result.percentiles).map((level) => ({
          level,
          emphasis: level === "85",
          headline: t.rich("howManyAtLeast", { level: f.num(Number(level)), count: result.percentiles[level]!, b }),
          detail: t("howManyWithin", { periods: within }),
        }))}
      />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <Stat label={t("meanItems")} testId="forecast-mean">
          {f.num(result.mean)}
        </Stat>
        <Stat label={t("horizon")}>{within}</Stat>
        <RunStats trials={result.trials} seed={result.seed} />
      </dl>
      <p className="text-xs text-slate-500">{t("howManyNote")}</p>
      {result.histogram.length > 0 && <HowManyCharts result={result} />}
    </div>
  );
}

function HowManyCharts({ result }: { result: TForecastHowManyResult }) {
  const t = useTranslations("ForecastResult");
  const tr = useTranslations("Result");
  const f = useForecastFormat();
  const w = Math.max(1, result.binWidth);
  const label = (items: number) => (w === 1 ? String(items) : `${items}–${items + w - 1}`);
  const total = result.histogram.reduce((a, h) => a + h.count, 0) || 1;
  // P(total ≥ bucket start), from the top down.
  let above = 0;
  const exceed = [...result.histogram]
    .reverse()
    .map((h) => {
      above += h.count;
      return { items: h.items, p: above / total };
    })
    .reverse();

  const histogram: EChartsOption = {
    animation: false,
    grid: GRID,
    tooltip: { trigger: "axis", valueFormatter: (v) => f.num(Number(v), 0) },
    xAxis: { type: "category", data: result.histogram.map((h) => label(h.items)), name: t("axisItems"), ...AXIS_NAME },
    yAxis: { type: "value", name: tr("axisTrials"), ...AXIS_NAME, nameGap: 44 },
    series: [{ type: "bar", data: result.histogram.map((h) => h.count), itemStyle: { color: COLORS.indigo } }],
  };
  const curve: EChartsOption = {
    animation: false,
    grid: GRID,
    tooltip: { trigger: "axis", valueFormatter: (v) => f.pct(Number(v)) },
    xAxis: { type: "category", data: exceed.map((e) => String(e.items)), name: t("axisItems"), ...AXIS_NAME },
    yAxis: {
      type: "value",
      min: 0,
      max: 1,
      name: tr("axisProbability"),
      ...AXIS_NAME,
      nameGap: 44,
      axisLabel: { formatter: (v: number) => f.pct(v, 0) },
    },
    series: [
      {
        type: "line",
        data: exceed.map((e) => e.p),
        showSymbol: exceed.length <= 40,
        lineStyle: { color: COLORS.emerald, width: 2 },
        itemStyle: { color: COLORS.emerald },
        areaStyle: { color: "rgba(5,150,105,0.08)" },
      },
    ],
  };
  return (
    <ChartGrid>
      <ChartFigure testId="chart-howmany-histogram" title={t("howManyHistogramTitle")} option={histogram} />
      <ChartFigure testId="chart-howmany-exceedance" title={t("howManyExceedanceTitle")} option={curve} />
    </ChartGrid>
  );
}
