"use client";

import { useMemo, type ReactNode } from "react";
import { changesFrom } from "@/components/form/rerun-diff";
import { RerunChanges } from "@/features/runs/ui";
import { useWatch, type FieldValues } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { RunOptionsInput } from "@/components/ui/run-options";
import type { TabSpec } from "@/components/form/form-kit";
import { RunFormCard } from "@/components/form/run-form";
import type { TabId } from "./forecast-tabs";
import { useFormMessages, useTabForm, type TabFormProps } from "./use-tab-form";
import type { FormMessages } from "./when-spec";

/** What makes a forecast tab's form: its id (title, test id), its spec and defaults, and a default deadline. */
export interface TabDef<V, O> {
  id: TabId;
  spec: (m: FormMessages) => TabSpec<V, O>;
  defaults: () => V;
  /** Fill an empty deadline this many days after the start date. */
  deadlineDays?: number;
}

/** What the form changes from the run it was opened from (watching the values here: the form does not re-render). */
function ChangesFromOrigin<V extends FieldValues, O>(p: { spec: TabSpec<V, O>; originRunId: string; origin: V }) {
  const now = useWatch() as V;
  return <RerunChanges originRunId={p.originRunId} changes={changesFrom(p.spec, p.origin, now)} />;
}

/** One forecast tab: its form (spec, defaults, server errors, run options) in its card, with the tab's own fields and Run fresh. */
export function TabForm<V extends FieldValues, O>({
  tab,
  start,
  props,
  children,
}: {
  tab: TabDef<V, O>;
  /** The tab's start mutation (`mutateAsync`). */
  start: (input: O & { fresh?: boolean; originRunId?: string } & RunOptionsInput) => Promise<{ runId: string }>;
  props: TabFormProps<V>;
  children: ReactNode;
}) {
  const t = useTranslations("Forecast");
  const tf = useTranslations("ForecastForm");
  const messages = useFormMessages();
  const spec = useMemo(() => tab.spec(messages), [tab, messages]);
  const defaults = useMemo(() => tab.defaults(), [tab]);
  const origin = props.origin;
  const { form, submit, submitFresh, runOptions } = useTabForm({
    spec,
    defaults,
    props,
    start: origin ? (input) => start({ ...input, originRunId: origin.runId }) : start,
    defaultDeadlineDays: tab.deadlineDays,
  });
  const originValues = useMemo(() => (origin ? { ...defaults, ...origin.values } : null), [origin, defaults]);
  return (
    <RunFormCard
      title={tf(`title.${tab.id}`)}
      form={form}
      submit={submit}
      runOptions={runOptions}
      messages="Forecast"
      testId={`form-${tab.id}`}
      buttons={
        props.offerFresh && (
          <Button
            type="button"
            variant="secondary"
            onClick={() => void submitFresh()}
            disabled={form.formState.isSubmitting}
          >
            {t("runFresh")}
          </Button>
        )
      }
    >
      {children}
      {origin && originValues && <ChangesFromOrigin spec={spec} originRunId={origin.runId} origin={originValues} />}
    </RunFormCard>
  );
}
