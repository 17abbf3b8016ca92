"use client";

/**
 * Where a forecast with a precision target stopped: "Stopped at 412,000 trials: P85 known to ±0.5
 * days", or "Used all 1,000,000 trials; P85 known to ±0.8 days (asked ±0.5)". Nothing without a target.
 */
import { useFormatter, useTranslations } from "next-intl";
import type { TStoppedAt } from "../forecast.output";

export function StoppedAtNote({ stoppedAt }: { stoppedAt?: TStoppedAt }) {
  const t = useTranslations("Precision");
  const format = useFormatter();
  const p = stoppedAt?.precision;
  if (!stoppedAt || !p) return null;
  const amount = (n: number) => t("amount", { unit: p.unit, n: Math.round(n * 1000) / 1000 });
  const common = { trials: format.number(stoppedAt.trials), percentile: p.percentile, asked: amount(p.within) };
  return (
    <p
      className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
      data-testid="forecast-stopped-at"
      data-reason={stoppedAt.reason}
    >
      {stoppedAt.reason === "precision"
        ? t("stopped", { ...common, amount: amount(p.within) })
        : p.halfWidth === null
          ? t("usedAllUnknown", common)
          : t("usedAll", { ...common, amount: amount(p.halfWidth) })}
    </p>
  );
}
