"use client";

/**
 * Where a forecast with a precision target stopped: "Stopped at 412,000 trials: P85 known to ±0.5
 * days", or "Used all 1,000,000 trials; P85 known to ±0.8 days (asked ±0.5)". Nothing without a target.
 */
import { useFormatter, useTranslations } from "next-intl";
import type { TStoppedAt } from "../forecast.output";
import { inputField } from "./result-fields";

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

type Estimate = { value: number | null; lower: number | null; upper: number | null };

/**
 * A running forecast's target and how well its percentile is known so far ("Stops when P85 is known
 * to ±1 day: now ±7 days"), from its live partial result's interval for that level (when the input
 * asks a precision at one of its levels). The run applies the same rule (domain precision.ts).
 */
export function PrecisionSoFar({ input, estimates }: { input: unknown; estimates: Record<string, Estimate> }) {
  const t = useTranslations("Precision");
  const asked = inputField(input, "precision") as
    { percentile?: unknown; within?: unknown; unit?: unknown } | undefined;
  if (typeof asked?.percentile !== "number" || typeof asked.within !== "number") return null;
  const e = estimates[String(asked.percentile)];
  if (!e) return null;
  const days = asked.unit === "days";
  const unit =
    typeof asked.unit === "string" ? asked.unit : inputField(input, "periods") !== undefined ? "items" : "periods";
  const periodDays = inputField(input, "periodDays");
  const scale = days ? (typeof periodDays === "number" ? periodDays : 7) : 1;
  const amount = (n: number) => t("amount", { unit, n: Math.round(n * 1000) / 1000 });
  const known =
    e.value === null || e.lower === null || e.upper === null
      ? null
      : Math.max(e.value - e.lower, e.upper - e.value) * scale;
  const common = { percentile: asked.percentile, asked: amount(asked.within) };
  return (
    <p className="text-sm text-slate-700" data-testid="partial-precision">
      {known === null ? t("liveUnknown", common) : t("live", { ...common, amount: amount(known) })}
    </p>
  );
}
