"use client";

import { Fragment } from "react";
import { useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { Table, TableHead, Td } from "@/components/ui/table";
import { AXIS_NAME, COLORS, ChartFigure, GRID } from "@/components/chart";
import { Stat, Warnings } from "./percentile-cards";
import { ZForecastCutLineResult, type TForecastCutLineResult } from "../forecast.output";
import { inputField, levelsOf } from "./result-fields";
import { BadResult, didNotFinishWarning, RunStats, useResultView } from "./result-parts";
import { useForecastFormat } from "./use-forecast-format";

/** The two levels the table shows: 50 and 85 when asked for, else the lowest and highest. */
function shownLevels(levels: string[]): [string, string] | [string] | [] {
  if (levels.length === 0) return [];
  const lo = levels.includes("50") ? "50" : levels[0]!;
  const hi = levels.includes("85") ? "85" : levels[levels.length - 1]!;
  return lo === hi ? [lo] : [lo, hi];
}

/** Multi-feature cut line: each feature's likely completion, and which fit before the deadline. */
export function CutLineResult({ result: raw, input }: { result: unknown; input?: unknown }) {
  const { t, f, result } = useResultView(ZForecastCutLineResult, raw, inputField(input, "periodDays"));
  if (!result) return <BadResult />;
  const levels = levelsOf(result.features[0]?.percentiles);
  const shown = shownLevels(levels);
  const fitLevel = shown[shown.length - 1];
  const deadline = inputField(input, "deadline");
  const hasDeadline = result.periodsToDeadline !== undefined;
  // The cut line sits above the first feature that does not fit at the fit level.
  const cut = hasDeadline && fitLevel ? result.features.findIndex((x) => x.fits?.[fitLevel] === false) : -1;
  const cols = 3 + shown.length + (hasDeadline ? 1 : 0) + (hasDeadline && fitLevel ? 1 : 0);
  const warnings = didNotFinishWarning({ t, f }, result);

  const when = (x: TForecastCutLineResult["features"][number], l: string) => {
    const p = x.percentiles[l];
    if (p == null) return t("notWithin", { max: f.periods(result.maxPeriods) });
    const d = x.dates?.[l];
    return d ? (
      <>
        <time dateTime={d}>{f.day(d)}</time> <span className="text-xs text-slate-500">({f.periods(p)})</span>
      </>
    ) : (
      f.periods(p)
    );
  };

  return (
    <div className="space-y-6">
      <Warnings items={warnings} />
      <Table data-testid="cut-line">
        <caption className="mb-2 text-left text-sm font-medium text-slate-700">
          {hasDeadline && typeof deadline === "string"
            ? t("cutLineCaptionDeadline", { date: f.day(deadline) })
            : t("cutLineCaption")}
        </caption>
        <TableHead
          columns={[
            "#",
            t("colFeature"),
            { label: t("colSize"), numeric: true },
            ...shown.map((l) => `P${l}`),
            ...(hasDeadline ? [{ label: t("colChance"), numeric: true }] : []),
            ...(hasDeadline && fitLevel ? [t("colFits", { level: f.num(Number(fitLevel)) })] : []),
          ]}
        />
        <tbody>
          {result.features.map((x, i) => {
            const fits = fitLevel ? x.fits?.[fitLevel] : undefined;
            return (
              <Fragment key={i}>
                {i === cut && (
                  <tr data-testid="cut-line-marker">
                    <td
                      colSpan={cols}
                      className="border-y-2 border-dashed border-red-400 bg-red-50 px-3 py-1 text-xs font-medium text-red-800"
                    >
                      ✂ {t("cutLineMarker")}
                    </td>
                  </tr>
                )}
                <tr data-testid={`feature-${i}`}>
                  <Td className="tabular-nums text-slate-500">{i + 1}</Td>
                  <Td className="font-medium">{x.name}</Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">
                    {x.size.min === x.size.max
                      ? f.num(x.size.min, 0)
                      : t("range", { min: f.num(x.size.min, 0), max: f.num(x.size.max, 0) })}
                  </Td>
                  {shown.map((l) => (
                    <Td key={l} className="tabular-nums">
                      {when(x, l)}
                    </Td>
                  ))}
                  {hasDeadline && (
                    <Td className="text-right tabular-nums">
                      {x.probabilityByDeadline === undefined ? "—" : f.pct(x.probabilityByDeadline)}
                    </Td>
                  )}
                  {hasDeadline && fitLevel && (
                    <Td>
                      {fits === undefined ? (
                        "—"
                      ) : fits ? (
                        <span className="font-semibold text-emerald-700">✓ {t("fitsYes")}</span>
                      ) : (
                        <span className="font-semibold text-red-700">✗ {t("fitsNo")}</span>
                      )}
                    </Td>
                  )}
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </Table>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        {hasDeadline && <Stat label={t("periodsToDeadline")}>{f.periods(result.periodsToDeadline!)}</Stat>}
        <RunStats trials={result.trials} seed={result.seed} didNotFinish={result.didNotFinish} />
      </dl>
      {shown.length > 0 && <CutLineChart result={result} lo={shown[0]!} hi={shown[shown.length - 1]!} />}
    </div>
  );
}

/** A bar per feature from its low to its high level, in priority order, with the deadline as a line. */
function CutLineChart({ result, lo, hi }: { result: TForecastCutLineResult; lo: string; hi: string }) {
  const t = useTranslations("ForecastResult");
  const tr = useTranslations("Result");
  const f = useForecastFormat();
  const names = result.features.map((x) => x.name);
  const low = result.features.map((x) => x.percentiles[lo] ?? result.maxPeriods);
  const high = result.features.map((x, i) => Math.max(0, (x.percentiles[hi] ?? result.maxPeriods) - low[i]!));
  const option: EChartsOption = {
    animation: false,
    grid: { ...GRID, left: 120, bottom: 64 },
    legend: { bottom: 0, data: [t("cutLineBand", { lo: f.num(Number(lo)), hi: f.num(Number(hi)) })] },
    tooltip: {
      trigger: "axis",
      formatter: (items) => {
        const i = Array.isArray(items) ? (items[0]?.dataIndex ?? 0) : items.dataIndex;
        return `${names[i]}: P${lo} ${low[i]} – P${hi} ${low[i]! + high[i]!}`;
      },
    },
    yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 100, overflow: "truncate" } },
    xAxis: { type: "value", name: tr("axisPeriods"), ...AXIS_NAME },
    series: [
      { type: "bar", stack: "f", data: low, itemStyle: { color: "transparent" }, silent: true },
      {
        type: "bar",
        stack: "f",
        name: t("cutLineBand", { lo: f.num(Number(lo)), hi: f.num(Number(hi)) }),
        data: high,
        itemStyle: { color: COLORS.indigo },
        markLine:
          result.periodsToDeadline !== undefined
            ? {
                symbol: "none",
                silent: true,
                lineStyle: { color: COLORS.red, type: "dashed" },
                label: { formatter: t("deadlineLine"), position: "end" },
                data: [{ xAxis: result.periodsToDeadline }],
              }
            : undefined,
      },
    ],
  };
  return (
    <ChartFigure
      testId="chart-cutline"
      title={t("cutLineChartTitle")}
      option={option}
      height={Math.max(200, 60 + names.length * 28)}
    />
  );
}
