"use client";

import { useEffect, useMemo, useRef } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path as FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { addDays } from "@/domain/forecast/dates";
import { useRunOptions } from "@/components/ui/run-options-fields";
import type { RunOptionsInput } from "@/components/ui/run-options";
import { resolverSchema, todayLocal, type TabSpec } from "@/components/form/form-kit";
import { submitRunForm } from "@/components/form/run-form";
import type { FormMessages } from "./when-spec";

export interface TabFormProps<V> {
  /** Values at mount (a restored run, a project, or what the user typed before switching tabs). */
  initial?: Partial<V>;
  /** Called at unmount with the current values, so switching tabs keeps them. */
  onLeave?: (values: V) => void;
  onStarted: (runId: string) => void;
  /** Show "Run fresh": the shown result came from an earlier identical run. */
  offerFresh?: boolean;
  /** "Edit and rerun": the run the form was prefilled from (its values); a run started here links to it. */
  origin?: { runId: string; values: Partial<V> };
}

/** The form-side messages the specs need, in the user's language. */
export function useFormMessages(): FormMessages {
  const t = useTranslations("Forecast");
  const tf = useTranslations("ForecastForm");
  return useMemo(
    () => ({
      notANumber: (token: string) => t("samplesNotNumber", { token }),
      likelihood: tf("likelihoodRange"),
      targetDate: tf("targetDateTooSoon"),
    }),
    [t, tf],
  );
}

/**
 * One tab's react-hook-form: validated by the server's schema through the tab's spec; the
 * server's field errors land beside their fields; `submit(fresh)` starts the run with the
 * tab's run options (priority, a delayed start), which RunFormCard shows folded.
 */
export function useTabForm<V extends FieldValues, O>(opts: {
  spec: TabSpec<V, O>;
  defaults: V;
  props: TabFormProps<V>;
  start: (input: O & { fresh?: boolean } & RunOptionsInput) => Promise<{ runId: string }>;
  /** Fill an empty deadline this many days after the start date (after mount, in the browser's time zone). */
  defaultDeadlineDays?: number;
}) {
  const t = useTranslations("Forecast");
  const { spec, defaults, props, start } = opts;
  const schema = useMemo(() => resolverSchema(spec), [spec]);
  const form = useForm<V, unknown, O>({
    resolver: zodResolver(schema),
    defaultValues: { ...defaults, ...props.initial } as DefaultValues<V>,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { getValues, setValue } = form;
  const runOptions = useRunOptions();

  // Dates default to today (set after mount so the server render and the browser agree).
  const deadlineDays = opts.defaultDeadlineDays;
  useEffect(() => {
    const key = (k: string) => k as FieldPath<V>;
    if ("startDate" in defaults && !getValues(key("startDate"))) setValue(key("startDate"), todayLocal() as never);
    if (deadlineDays && "deadline" in defaults && !getValues(key("deadline"))) {
      setValue(key("deadline"), addDays(String(getValues(key("startDate")) || todayLocal()), deadlineDays) as never);
    }
  }, [defaults, getValues, setValue, deadlineDays]);

  const onLeave = useRef(props.onLeave);
  onLeave.current = props.onLeave;
  useEffect(() => () => onLeave.current?.(getValues()), [getValues]);

  const run = (fresh: boolean) => () =>
    submitRunForm({
      form,
      spec,
      runOptions,
      start: (input) => start({ ...input, ...(fresh ? { fresh } : {}) }),
      onStarted: props.onStarted,
      whole: (message) => t("formError", { message }),
    });
  return { form, submit: run(false), submitFresh: run(true), runOptions };
}
