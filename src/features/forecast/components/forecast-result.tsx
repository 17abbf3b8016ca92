"use client";

import { useTranslations } from "next-intl";
import { BacktestResult } from "./backtest-result";
import { CutLineResult } from "./cut-line-result";
import { DeadlineResult } from "./deadline-result";
import { HowManyResult } from "./how-many-result";
import { WhenResult } from "./when-result";
import { ResultCsvLink } from "@/features/runs/ui";
import { isSensitivityRun } from "../sensitivity.schemas";
import { SensitivityResult } from "./sensitivity-result";

const VIEWS = {
  "forecast.when": WhenResult,
  "forecast.howMany": HowManyResult,
  "forecast.deadline": DeadlineResult,
  "forecast.backtest": BacktestResult,
  "forecast.cutLine": CutLineResult,
} as const;

export type ForecastTask = keyof typeof VIEWS;
export const isForecastTask = (task: unknown): task is ForecastTask => typeof task === "string" && task in VIEWS;

export interface ForecastResultByTaskProps {
  task: string;
  input?: unknown;
  result: unknown;
  /** With a run id: a "Download CSV" link to the run's result as CSV. */
  runId?: string;
}

/**
 * A forecast run's result, drawn for its task (when, how many, deadline risk, backtest, cut line).
 * A sensitivity run (a workflow whose last step is the tornado's merge) shows its tornado. Renders
 * nothing for other tasks; a result of an unexpected shape says so (callers show the JSON).
 */
export function ForecastResultByTask({ task, input, result, runId }: ForecastResultByTaskProps) {
  const t = useTranslations("ForecastResult");
  if (isSensitivityRun(task, input))
    return (
      <div className="space-y-4" data-testid="forecast-result" data-task="forecast.sensitivity">
        <SensitivityResult result={result} />
      </div>
    );
  if (!isForecastTask(task)) return null;
  const View = VIEWS[task];
  return (
    <div className="space-y-4" data-testid="forecast-result" data-task={task}>
      <View result={result} input={input} />
      {runId && <ResultCsvLink runId={runId} label={t("downloadCsv")} />}
    </div>
  );
}
