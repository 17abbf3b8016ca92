"use client";

import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { backtestDefaults, backtestSpec, type BacktestValues } from "./backtest-spec";
import { SelectField, TextField } from "@/components/form/fields";
import { MaxPeriodsField, RunFields, SamplesField } from "./forecast-fields";
import { FormShell } from "./form-shell";
import { useFormMessages, useTabForm, type TabFormProps } from "./use-tab-form";

/** Backtest: the history, the backlog to forecast at each cut-off, and the walk-forward settings. */
export function BacktestForm(props: TabFormProps<BacktestValues>) {
  const tf = useTranslations("ForecastForm");
  const trpc = useTRPC();
  const messages = useFormMessages();
  const spec = useMemo(() => backtestSpec(messages), [messages]);
  const defaults = useMemo(backtestDefaults, []);
  const start = useMutation(trpc.forecast.startBacktest.mutationOptions());
  const { form, submit, submitFresh, runOptions } = useTabForm({ spec, defaults, props, start: start.mutateAsync });
  const windowMode = useWatch({ control: form.control, name: "windowMode" });
  return (
    <FormShell
      title={tf("title.backtest")}
      form={form}
      submit={submit}
      submitFresh={submitFresh}
      runOptions={runOptions}
      offerFresh={props.offerFresh}
      testId="form-backtest"
    >
      <SamplesField label={tf("history")} hint={tf("historyHint")} />
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
      <RunFields trialsHint={tf("backtestTrialsHint")} />
      <MaxPeriodsField />
    </FormShell>
  );
}
