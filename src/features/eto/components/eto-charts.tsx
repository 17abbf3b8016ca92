"use client";

import { useState } from "react";
import type { EChartsOption } from "echarts";
import { useTranslations } from "next-intl";
import { AXIS_NAME, COLORS, ChartFigure, GRID } from "@/components/chart";
import { cn } from "@/components/ui/cn";
import type { ResultInput } from "../eto-result";
import type { TEtoResultDay } from "../eto.output";
import { useEtoFormat } from "./use-eto-format";

const GROUPS = {
  temperature: {
    label: "groupTemperature",
    series: [
      ["tmaxC", "seriesTmax", COLORS.red],
      ["tminC", "seriesTmin", COLORS.indigo],
    ],
  },
  humidity: {
    label: "groupHumidity",
    series: [
      ["rhmaxPct", "seriesRhmax", COLORS.indigo],
      ["rhminPct", "seriesRhmin", COLORS.amber],
      ["rhmeanPct", "seriesRhmean", COLORS.slate],
    ],
  },
  wind: { label: "groupWind", series: [["wind2mMs", "seriesWind", COLORS.emerald]] },
  radiation: { label: "groupRadiation", series: [["rsMJm2", "seriesRs", COLORS.amber]] },
} as const satisfies Record<string, { label: string; series: readonly (readonly [ResultInput, string, string])[] }>;
type Group = keyof typeof GROUPS;

const axisBase = (days: readonly TEtoResultDay[], day: (iso: string) => string) => ({
  type: "category" as const,
  data: days.map((d) => day(d.date)),
  axisLabel: { hideOverlap: true },
});

/** Daily ETo as bars, Open-Meteo's own et0 as a line when present. */
export function EtoChart({ days }: { days: readonly TEtoResultDay[] }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const hasReference = days.some((d) => d.referenceEtoMm !== null);
  const option: EChartsOption = {
    grid: { ...GRID, top: 36 },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (typeof v === "number" ? `${fmt.num(v, 2)} mm` : "—") },
    xAxis: axisBase(days, fmt.day),
    yAxis: { type: "value", name: t("axisEto"), ...AXIS_NAME, axisLabel: { formatter: (v: number) => fmt.num(v, 0) } },
    series: [
      { type: "bar", name: t("seriesEto"), data: days.map((d) => d.etoMm), itemStyle: { color: COLORS.emerald } },
      ...(hasReference
        ? [
            {
              type: "line" as const,
              name: t("seriesReference"),
              data: days.map((d) => d.referenceEtoMm),
              itemStyle: { color: COLORS.indigo },
              symbolSize: 4,
            },
          ]
        : []),
    ],
  };
  return <ChartFigure title={t("chartEto")} option={option} height={300} testId="eto-chart" />;
}

/** The fused inputs, one group at a time (temperature, humidity, wind, radiation). */
export function InputsChart({ days }: { days: readonly TEtoResultDay[] }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const [group, setGroup] = useState<Group>("temperature");
  const g = GROUPS[group];
  const option: EChartsOption = {
    grid: { ...GRID, top: 36 },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (typeof v === "number" ? fmt.num(v, 1) : "—") },
    xAxis: axisBase(days, fmt.day),
    yAxis: { type: "value", name: t(g.label), ...AXIS_NAME, scale: group === "temperature" },
    series: g.series
      .filter(([v]) => days.some((d) => d.inputs[v] !== null))
      .map(([v, label, color]) => ({
        type: "line" as const,
        name: t(label),
        data: days.map((d) => d.inputs[v]),
        itemStyle: { color },
        symbolSize: 4,
        connectNulls: false,
      })),
  };
  return (
    <div className="space-y-2">
      <div role="group" aria-label={t("inputsGroup")} className="flex flex-wrap gap-1" data-testid="inputs-groups">
        {(Object.keys(GROUPS) as Group[]).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={k === group}
            onClick={() => setGroup(k)}
            className={cn(
              "rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
              k === group ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300",
            )}
          >
            {t(GROUPS[k].label)}
          </button>
        ))}
      </div>
      <ChartFigure title={t("chartInputs")} option={option} height={300} testId="eto-inputs-chart" />
    </div>
  );
}
