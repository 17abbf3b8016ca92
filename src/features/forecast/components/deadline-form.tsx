"use client";

import { useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { DEADLINE_TAB, type DeadlineValues } from "./deadline-spec";
import { SelectField, TextField } from "@/components/form/fields";
import { BacklogFields, CalendarFields, FocusField, RunFields, SamplesField } from "./forecast-fields";
import { TabForm } from "./tab-form";
import type { TabFormProps } from "./use-tab-form";

/** Deadline risk: backlog, start, deadline and the trend model. */
export function DeadlineForm(props: TabFormProps<DeadlineValues>) {
  const tf = useTranslations("ForecastForm");
  const start = useMutation(useTRPC().forecast.startDeadline.mutationOptions());
  return (
    <TabForm tab={DEADLINE_TAB} start={start.mutateAsync} props={props}>
      <SamplesField hint={tf("samplesChronoHint")} />
      <BacklogFields />
      <CalendarFields deadline="required" />
      <Trend />
      <RunFields split />
      <FocusField />
    </TabForm>
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
