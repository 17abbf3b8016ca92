"use client";

import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { deadlineDefaults, deadlineSpec, type DeadlineValues } from "./deadline-spec";
import { SelectField, TextField } from "@/components/form/fields";
import { BacklogFields, CalendarFields, FocusField, RunFields, SamplesField } from "./forecast-fields";
import { FormShell } from "./form-shell";
import { useFormMessages, useTabForm, type TabFormProps } from "./use-tab-form";

/** Deadline risk: backlog, start, deadline and the trend model. */
export function DeadlineForm(props: TabFormProps<DeadlineValues>) {
  const tf = useTranslations("ForecastForm");
  const trpc = useTRPC();
  const messages = useFormMessages();
  const spec = useMemo(() => deadlineSpec(messages), [messages]);
  const defaults = useMemo(deadlineDefaults, []);
  const start = useMutation(trpc.forecast.startDeadline.mutationOptions());
  const { form, submit, submitFresh, runOptions } = useTabForm({
    spec,
    defaults,
    props,
    start: start.mutateAsync,
    defaultDeadlineDays: 84,
  });
  return (
    <FormShell
      title={tf("title.deadline")}
      form={form}
      submit={submit}
      submitFresh={submitFresh}
      runOptions={runOptions}
      offerFresh={props.offerFresh}
      testId="form-deadline"
    >
      <SamplesField hint={tf("samplesChronoHint")} />
      <BacklogFields />
      <CalendarFields deadline="required" />
      <Trend />
      <RunFields />
      <FocusField />
    </FormShell>
  );
}

function Trend() {
  const tf = useTranslations("ForecastForm");
  const trend = useWatch<DeadlineValues>({ name: "trend" }) as DeadlineValues["trend"];
  return (
    <div className="space-y-3">
      <SelectField
        name="trend"
        label={tf("trend")}
        hint={tf(`trendHint.${trend}`)}
        options={(["none", "recent", "fitted"] as const).map((v) => ({ value: v, label: tf(`trendOption.${v}`) }))}
      />
      {trend === "recent" && <TextField name="halfLife" label={tf("halfLife")} hint={tf("halfLifeHint")} numeric />}
    </div>
  );
}
