"use client";

import { useTranslations } from "next-intl";
import { ZForecastSensitivityResult, type TForecastSensitivityResult, type TTornadoRow } from "../sensitivity.output";
import { BadResult, RunStats } from "./result-parts";
import { useForecastFormat } from "./use-forecast-format";
import { Stat } from "./percentile-cards";
import { TornadoChart, type TornadoWords } from "./sensitivity-chart";

type Side = TTornadoRow["low"];
type Kind = TTornadoRow["kind"];

/** The words for a factor and its settings, in the reader's language. */
function useFactorWords(r: TForecastSensitivityResult) {
  const t = useTranslations("ForecastSensitivity");
  const f = useForecastFormat(r.periodDays);
  const label = (x: { kind: Kind; index?: number }) =>
    t(`factor.${x.kind}`, { n: (x.index ?? 0) + 1, change: f.num(r.backlogChange, 1) });
  const setting = (kind: Kind, side: Side, which: "low" | "high"): string => {
    const s = side.setting;
    if (kind === "sCurve" || kind === "leadTimes") return which === "low" ? t("setting.off") : t("setting.asGiven");
    if (s === null) return t("setting.asGiven");
    if (typeof s === "object") return `${f.num(s.min, 0)}–${f.num(s.max, 0)}`;
    if (kind === "risk") return s === 0 ? t("setting.off") : s === 1 ? t("setting.certain") : f.pct(s, 1);
    if (kind === "focus") return f.pct(s, 0);
    if (kind === "splitRate") return t("setting.times", { k: f.num(s, 2) });
    if (kind === "team") return t("setting.people", { count: s });
    return f.num(s, 0);
  };
  return { t, f, label, setting };
}

/** A side's P85: its date (or periods), or "not reached". */
function sideP85(w: ReturnType<typeof useFactorWords>, side: Side): string {
  if (side.periods === null) return w.t("notReached");
  return side.date ? w.f.day(side.date) : w.f.periods(side.periods);
}

function SideCell({
  w,
  row,
  which,
}: {
  w: ReturnType<typeof useFactorWords>;
  row: TTornadoRow;
  which: "low" | "high";
}) {
  const side = row[which];
  return (
    <td className="px-3 py-2" title={side.skipped}>
      <span className="text-slate-500">{w.setting(row.kind, side, which)}</span>
      {" → "}
      <span className="font-medium tabular-nums">{sideP85(w, side)}</span>
      {side.skipped && <span className="ml-1 text-xs text-slate-500">({w.t("baseSide")})</span>}
    </td>
  );
}

/** A sensitivity run's result: the tornado chart of what moves the P85 date most, and the table of factors. */
export function SensitivityResult({ result: raw }: { result: unknown }) {
  const parsed = ZForecastSensitivityResult.safeParse(raw);
  if (!parsed.success) return <BadResult />;
  return <SensitivityView r={parsed.data} />;
}

function SensitivityView({ r }: { r: TForecastSensitivityResult }) {
  const w = useFactorWords(r);
  const { t, f } = w;
  const basePeriods = r.base.periods;
  const base = basePeriods === null ? t("notReached") : r.base.date ? f.day(r.base.date) : f.periods(basePeriods);
  const days = (n: number) => t("days", { count: n, signed: n > 0 ? `+${f.num(n, 0)}` : f.num(n, 0) });
  const words: TornadoWords = {
    title: t("chartTitle"),
    axis: t("axis"),
    low: t("lowSide"),
    high: t("highSide"),
    base: t("baseLine", { base }),
    label: w.label,
    days,
  };
  return (
    <section className="space-y-4" data-testid="sensitivity-result">
      <h3 className="text-base font-semibold text-slate-900">{t("title")}</h3>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Stat label={t("base")} testId="sensitivity-base">
          {base}
        </Stat>
        <RunStats trials={r.trials} seed={r.seed} />
      </dl>
      {r.rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noRows")}</p>
      ) : (
        <>
          <TornadoChart result={r} words={words} />
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" data-testid="sensitivity-table">
              <thead className="border-b border-slate-200 text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">{t("col.factor")}</th>
                  <th className="px-3 py-2 font-medium">{t("col.low")}</th>
                  <th className="px-3 py-2 font-medium">{t("col.high")}</th>
                  <th className="px-3 py-2 text-right font-medium">{t("col.swing")}</th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row) => (
                  <tr key={row.id} className="border-b border-slate-100" data-factor={row.id}>
                    <th scope="row" className="px-3 py-2 font-medium text-slate-800">
                      {w.label(row)}
                    </th>
                    <SideCell w={w} row={row} which="low" />
                    <SideCell w={w} row={row} which="high" />
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="swing-days">
                      {row.atLeast ? t("atLeast", { days: f.num(row.swingDays, 0) }) : f.num(row.swingDays, 0)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {r.skipped.length > 0 && (
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer">{t("skippedTitle", { count: r.skipped.length })}</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {r.skipped.map((s) => (
              <li key={`${s.id}:${s.side}`}>
                {t("skippedRow", { factor: w.label(s), side: t(`side.${s.side}`), reason: s.reason })}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
