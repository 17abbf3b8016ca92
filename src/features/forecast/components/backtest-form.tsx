"use client";

import { useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { BACKTEST_TAB, type BacktestValues } from "./backtest-spec";
import { SelectField, TextField } from "@/components/form/fields";
import { MaxPeriodsField, RunFields, SamplesField } from "./forecast-fields";
import { TabForm } from "./tab-form";
import type { TabFormProps } from "./use-tab-form";

/** Backtest: the history, the backlog to forecast at each cut-off, and the walk-forward settings. */
export function BacktestForm(props: TabFormProps<BacktestValues>) {
  const tf = useTranslations("ForecastForm");
  const start = useMutation(useTRPC().forecast.startBacktest.mutationOptions());
  return (
    <TabForm tab={BACKTEST_TAB} start={start.mutateAsync} props={props}>
      <SamplesField label={tf("history")} hint={tf("historyHint")} />
      <WalkForward />
      <RunFields trialsHint={tf("backtestTrialsHint")} />
      <MaxPeriodsField />
    </TabForm>
  );
}

/** The backlog, the first training window, expanding or sliding, and the step between cut-offs. */
function WalkForward() {
  const tf = useTranslations("ForecastForm");
  const windowMode = useWatch<BacktestValues>({ name: "windowMode" }) as BacktestValues["windowMode"];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <TextField name="backlog" label={tf("backtestBacklog")} hint={tf("backtestBacklogHint")} numeric />
      <TextField name="minTrain" label={tf("minTrain")} hint={tf("minTrainHint")} numeric />
      <SelectField
        className="sm:col-span-2"
        name="windowMode"
        label={tf("window")}
        options={[
          { value: "expanding", label: tf("windowExpanding") },
          { value: "sliding", label: tf("windowSliding") },
        ]}
      />
      {windowMode === "sliding" && (
        <TextField name="window" label={tf("windowSize")} hint={tf("windowSizeHint")} numeric />
      )}
      <TextField name="step" label={tf("step")} hint={tf("stepHint")} numeric />
    </div>
  );
}
