"use client";

import type { z } from "zod";
import { useTranslations } from "next-intl";
import { parseResult } from "@/runs/task-result";
import { Stat } from "./percentile-cards";
import { useForecastFormat } from "./use-forecast-format";

/** What every forecast result view starts from: its messages, the format for its period length, the parsed result (or null). */
export function useResultView<S extends z.ZodType>(schema: S, raw: unknown, periodDays?: unknown) {
  const t = useTranslations("ForecastResult");
  const tr = useTranslations("Result");
  const f = useForecastFormat(periodDays);
  return { t, tr, f, result: parseResult(schema, raw) };
}

/** Said instead of a result that does not read as its kind. */
export function BadResult() {
  const tr = useTranslations("Result");
  return <p className="text-sm text-slate-600">{tr("badResult")}</p>;
}

type View = ReturnType<typeof useResultView>;

/** The warning for trials that hit the period cap, if any did. */
export function didNotFinishWarning(
  { t, f }: Pick<View, "t" | "f">,
  r: { didNotFinish: number; trials: number; maxPeriods: number },
): string[] {
  if (r.didNotFinish <= 0) return [];
  return [
    t("didNotFinishWarning", { count: r.didNotFinish, trials: f.num(r.trials, 0), max: f.periods(r.maxPeriods) }),
  ];
}

/** The run's trials and seed (and the trials that did not finish), as summary stats. */
export function RunStats({ trials, seed, didNotFinish }: { trials: number; seed: number; didNotFinish?: number }) {
  const tr = useTranslations("Result");
  const f = useForecastFormat();
  return (
    <>
      <Stat label={tr("trials")}>{f.num(trials, 0)}</Stat>
      <Stat label={tr("seed")}>{seed}</Stat>
      {didNotFinish !== undefined && <Stat label={tr("didNotFinish")}>{f.num(didNotFinish, 0)}</Stat>}
    </>
  );
}
