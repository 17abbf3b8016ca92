"use client";

import { useWatch } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { SelectField, TextField } from "@/components/form/fields";
import { CalendarFields, FocusField, RunFields, SamplesField } from "./forecast-fields";
import { HOW_MANY_TAB, periodsUntil, type HowManyValues } from "./how-many-spec";
import { PrecisionFields } from "./precision-fields";
import { TabForm } from "./tab-form";
import type { TabFormProps } from "./use-tab-form";

/** "How many items by a date?": a number of periods, or a target date. */
export function HowManyForm(props: TabFormProps<HowManyValues>) {
  const start = useMutation(useTRPC().forecast.startHowMany.mutationOptions());
  return (
    <TabForm tab={HOW_MANY_TAB} start={start.mutateAsync} props={props}>
      <SamplesField />
      <Horizon />
      <RunFields split />
      <PrecisionFields items />
      <FocusField />
    </TabForm>
  );
}

function Horizon() {
  const tf = useTranslations("ForecastForm");
  const [horizon, ...dates] = useWatch<HowManyValues>({
    name: ["horizon", "startDate", "targetDate", "period", "skipWeekends"],
  }) as [HowManyValues["horizon"], string, string, string, boolean];
  const periods =
    horizon === "date"
      ? periodsUntil({ startDate: dates[0], targetDate: dates[1], period: dates[2], skipWeekends: dates[3] })
      : null;
  return (
    <div className="space-y-3">
      <SelectField
        name="horizon"
        label={tf("horizon")}
        options={[
          { value: "periods", label: tf("horizonPeriods") },
          { value: "date", label: tf("horizonDate") },
        ]}
      />
      {horizon === "date" ? (
        <CalendarFields
          extra={
            <TextField
              name="targetDate"
              type="date"
              label={tf("targetDate")}
              hint={periods !== null && periods >= 1 ? tf("targetDateHint", { count: periods }) : undefined}
            />
          }
        />
      ) : (
        <TextField name="periods" label={tf("periods")} hint={tf("periodsHint")} numeric />
      )}
    </div>
  );
}
