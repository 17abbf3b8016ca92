"use client";

/**
 * A "when" or "how many" forecast's partial result, live while it runs and kept when it is cancelled:
 * each percentile with its 95 % confidence interval from the trials so far ("P85: 12 weeks (11–13)";
 * "how many": at least n items), as dates when the forecast has a start date. The intervals shrink as
 * trials accumulate.
 */
import { useFormatter, useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { AXIS_NAME, COLORS, ChartFigure, GRID, probabilityAxis } from "@/components/chart";
import { z } from "zod";
import type { LivePartial } from "@/features/runs/ui";
import { useForecastFormat } from "./use-forecast-format";
import { inputField } from "./result-fields";
import { PrecisionSoFar } from "./stopped-at";

const ZEstimate = z.object({
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
const ZDates = z.object({ value: z.string().nullable(), lower: z.string().nullable(), upper: z.string().nullable() });
const ZWhenPartial = z.object({
  percentiles: z.record(z.string(), ZEstimate),
  dates: z.record(z.string(), ZDates).optional(),
  /** "When": P(done within periods) over the trials so far, a few dozen points. */
  cdf: z.array(z.object({ periods: z.number(), p: z.number() })).optional(),
  /** Deadline risk: the share of trials so far that finished by the deadline. */
  probability: z.number().optional(),
  trials: z.number(),
});

function PartialPercentiles({ input, partial, items }: { input: unknown; partial: LivePartial; items: boolean }) {
  const t = useTranslations("Partial");
  const f = useForecastFormat(inputField(input, "periodDays"));
  const parsed = ZWhenPartial.safeParse(partial.result);
  if (!parsed.success) return null;
  const r = parsed.data;
  const levels = Object.keys(r.percentiles).sort((a, b) => Number(a) - Number(b));
  const num = (n: number | null) => (n === null ? t("notReached") : f.num(n));
  const day = (d: string | null) => (d === null ? t("notReached") : f.day(d));
  return (
    <div className="space-y-2">
      {r.probability !== undefined && (
        <p className="text-sm font-medium tabular-nums" data-testid="partial-probability">
          {t("probability", { p: f.pct(r.probability) })}
        </p>
      )}
      <ul data-testid="partial-percentiles" className="grid gap-2 sm:grid-cols-2">
        {levels.map((level) => {
          const e = r.percentiles[level]!;
          const d = r.dates?.[level];
          return (
            <li
              key={level}
              data-testid={`partial-percentile-${level}`}
              data-value={e.value ?? ""}
              data-lower={e.lower ?? ""}
              data-upper={e.upper ?? ""}
              className={
                "rounded-md border px-3 py-2 text-sm tabular-nums " +
                (level === "85" ? "border-indigo-300 bg-indigo-50/60" : "border-slate-200 bg-slate-50")
              }
            >
              {d
                ? t("percentileDate", { level, value: day(d.value), lower: day(d.lower), upper: day(d.upper) })
                : t("percentile", {
                    level,
                    value: e.value === null ? t("notReached") : items ? f.num(e.value) : f.periods(e.value),
                    lower: num(e.lower),
                    upper: num(e.upper),
                  })}
            </li>
          );
        })}
      </ul>
      <PrecisionSoFar input={input} estimates={r.percentiles} />
      <p className="text-xs text-slate-500">{t("interval")}</p>
      {r.cdf && r.cdf.length > 1 && <LiveCdf cdf={r.cdf} />}
    </div>
  );
}

/** The CDF of the trials so far: it sharpens as they accumulate. */
function LiveCdf({ cdf }: { cdf: { periods: number; p: number }[] }) {
  const t = useTranslations("Result");
  const format = useFormatter();
  const option: EChartsOption = {
    animation: false,
    grid: GRID,
    tooltip: { trigger: "axis", valueFormatter: (v) => format.number(Number(v), { style: "percent" }) },
    xAxis: { type: "value", min: "dataMin", max: "dataMax", name: t("axisPeriods"), ...AXIS_NAME },
    yAxis: probabilityAxis(t("axisProbability"), (v) => format.number(v, { style: "percent" })),
    series: [
      {
        type: "line",
        data: cdf.map((c) => [c.periods, c.p]),
        showSymbol: false,
        lineStyle: { color: COLORS.emerald, width: 2 },
        areaStyle: { color: "rgba(5,150,105,0.08)" },
      },
    ],
  };
  return <ChartFigure testId="partial-chart-cdf" title={t("cdfTitle")} option={option} height={220} />;
}

export function WhenPartialView(p: { input: unknown; partial: LivePartial }) {
  return <PartialPercentiles {...p} items={false} />;
}

/** "How many" and deadline risk: each level is "at least n items" (the lower tail), with its interval. */
export function HowManyPartialView(p: { input: unknown; partial: LivePartial }) {
  return <PartialPercentiles {...p} items />;
}

/** The partial view of a forecast task, or undefined when it has none. */
export function forecastPartialView(task: string) {
  if (task === "forecast.when") return WhenPartialView;
  if (task === "forecast.howMany" || task === "forecast.deadline") return HowManyPartialView;
  return undefined;
}
