"use client";

import { useMemo } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { BacklogFields, CalendarFields, FocusField, MaxPeriodsField, RunFields, SamplesField } from "./forecast-fields";
import { FormShell } from "./form-shell";
import { useFormMessages, useTabForm, type TabFormProps } from "./use-tab-form";
import { WhenAdvanced } from "./when-advanced";
import { hasAdvanced, whenDefaults, whenSpec, type WhenValues } from "./when-spec";

/** "When will it be done?": the backlog, the calendar, and the advanced options folded away. */
export function WhenForm(props: TabFormProps<WhenValues>) {
  const tf = useTranslations("ForecastForm");
  const trpc = useTRPC();
  const messages = useFormMessages();
  const spec = useMemo(() => whenSpec(messages), [messages]);
  const defaults = useMemo(whenDefaults, []);
  const start = useMutation(trpc.forecast.start.mutationOptions());
  const { form, submit, submitFresh, runOptions } = useTabForm({ spec, defaults, props, start: start.mutateAsync });
  const openAdvanced = useMemo(() => hasAdvanced({ ...defaults, ...props.initial }), [defaults, props.initial]);

  return (
    <FormShell
      title={tf("title.when")}
      form={form}
      submit={submit}
      submitFresh={submitFresh}
      runOptions={runOptions}
      offerFresh={props.offerFresh}
      testId="form-when"
    >
      <SamplesField />
      <BacklogFields />
      <RunFields />
      <CalendarFields deadline="optional" />
      <div className="grid gap-3 sm:grid-cols-2">
        <FocusField />
        <MaxPeriodsField />
      </div>
      <WhenAdvanced defaultOpen={openAdvanced} />
    </FormShell>
  );
}
