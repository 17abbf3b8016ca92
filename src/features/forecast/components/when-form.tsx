"use client";

import { useMemo } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { BacklogFields, CalendarFields, FocusField, MaxPeriodsField, RunFields, SamplesField } from "./forecast-fields";
import { SensitivityButton } from "./sensitivity-button";
import { PrecisionFields } from "./precision-fields";
import { TabForm } from "./tab-form";
import type { TabFormProps } from "./use-tab-form";
import { WhenAdvanced } from "./when-advanced";
import { hasAdvanced, WHEN_TAB, type WhenValues } from "./when-spec";

/** "When will it be done?": the backlog, the calendar, and the advanced options folded away. */
export function WhenForm(props: TabFormProps<WhenValues>) {
  const start = useMutation(useTRPC().forecast.start.mutationOptions());
  const openAdvanced = useMemo(() => hasAdvanced({ ...WHEN_TAB.defaults(), ...props.initial }), [props.initial]);
  return (
    <TabForm tab={WHEN_TAB} start={start.mutateAsync} props={props}>
      <SamplesField />
      <BacklogFields />
      <RunFields split />
      <PrecisionFields />
      <CalendarFields deadline="optional" />
      <div className="grid gap-3 sm:grid-cols-2">
        <FocusField />
        <MaxPeriodsField />
      </div>
      <WhenAdvanced defaultOpen={openAdvanced} />
      <SensitivityButton onStarted={props.onStarted} />
    </TabForm>
  );
}
