"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Table, Td, Th } from "@/components/ui/table";
import { ForecastCharts } from "./forecast-charts";
import { asWhenResult, periodUnit } from "./result-shape";

/** Calendar date "YYYY-MM-DD": ISO in English (unambiguous), dd/mm/aaaa in Portuguese. */
function useFormatDay() {
  const locale = useLocale();
  const format = useFormatter();
  return (iso: string) => {
    if (locale.startsWith("en") || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return iso;
    return format.dateTime(d, { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" });
  };
}

/** Percentile table (chance of finishing on or before a date), mean, and the charts. */
export function ForecastResult({ result: raw, input }: { result: unknown; input?: unknown }) {
  const t = useTranslations("Result");
  const format = useFormatter();
  const formatDay = useFormatDay();
  const result = asWhenResult(raw);
  if (!result) return <p className="text-sm text-slate-600">{t("badResult")}</p>;

  const unit = periodUnit((input as { periodDays?: unknown } | undefined)?.periodDays);
  const periods = (count: number) => t("periods", { unit, count });
  const levels = Object.keys(result.percentiles)
    .filter((k) => Number.isFinite(Number(k)))
    .sort((a, b) => Number(a) - Number(b));

  return (
    <div className="space-y-6">
      <Table data-testid="percentiles">
        <caption className="mb-2 text-left text-sm font-medium text-slate-700">{t("percentilesCaption")}</caption>
        <thead>
          <tr>
            <Th scope="col">{t("colChance")}</Th>
            <Th scope="col">{t("colDate")}</Th>
            <Th scope="col" className="text-right">
              {t("colPeriods")}
            </Th>
          </tr>
        </thead>
        <tbody>
          {levels.map((level) => {
            const p = result.percentiles[level];
            const date = result.dates?.[level];
            return (
              <tr key={level} data-testid={`percentile-${level}`}>
                <Th scope="row" className="border-slate-100 text-sm font-normal normal-case tracking-normal text-slate-700">
                  {t("chanceOnOrBefore", { level: format.number(Number(level)) })}
                </Th>
                <Td className="font-semibold tabular-nums">
                  {date ? <time dateTime={date}>{formatDay(date)}</time> : "—"}
                </Td>
                <Td className="text-right tabular-nums">{p == null ? t("notReached", { max: periods(result.maxPeriods) }) : periods(p)}</Td>
              </tr>
            );
          })}
        </tbody>
      </Table>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">{t("mean")}</dt>
          <dd className="font-semibold tabular-nums" data-testid="forecast-mean">
            {result.mean == null ? t("meanUndefined") : periods(Math.round(result.mean * 10) / 10)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("trials")}</dt>
          <dd className="tabular-nums">{format.number(result.trials)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("seed")}</dt>
          <dd className="tabular-nums">{result.seed}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("didNotFinish")}</dt>
          <dd className="tabular-nums">{format.number(result.didNotFinish)}</dd>
        </div>
        {result.probabilityByDeadline !== undefined && (
          <div>
            <dt className="text-slate-500">{t("deadline")}</dt>
            <dd className="tabular-nums">{format.number(result.probabilityByDeadline, { style: "percent", maximumFractionDigits: 1 })}</dd>
          </div>
        )}
      </dl>

      {result.histogram.length > 0 && <ForecastCharts result={result} />}
    </div>
  );
}
