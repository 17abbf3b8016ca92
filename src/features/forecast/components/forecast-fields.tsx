"use client";

/** The forecast forms' own fields: samples, backlog, run, calendar, focus, max periods. */
import type { ReactNode } from "react";
import { useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import { CheckboxField, ListField, SelectField, TextField } from "@/components/form/fields";

export function SamplesField({ label, hint }: { label?: string; hint?: string }) {
  const t = useTranslations("Forecast");
  return (
    <ListField
      name="samples"
      label={label ?? t("samples")}
      hint={hint ?? t("samplesHint")}
      placeholder="1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2"
    />
  );
}

/** Backlog as a whole number, or a min–max range. */
export function BacklogFields() {
  const t = useTranslations("Forecast");
  const isRange = useWatch({ name: "backlogIsRange" }) as boolean;
  return (
    <div className="space-y-2">
      {isRange ? (
        <div className="grid grid-cols-2 gap-3">
          <TextField name="backlogMin" label={t("backlogMin")} numeric />
          <TextField name="backlogMax" label={t("backlogMax")} numeric />
        </div>
      ) : (
        <TextField name="backlog" label={t("backlog")} hint={t("backlogHint")} numeric />
      )}
      <CheckboxField name="backlogIsRange" label={t("backlogRange")} />
    </div>
  );
}

/** Trials, seed and the confidence levels; `split`: a forecast that may be cut into chunk runs (up to 10^9 trials). */
export function RunFields({ trialsHint, split }: { trialsHint?: string; split?: boolean }) {
  const t = useTranslations("Forecast");
  const tf = useTranslations("ForecastForm");
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <TextField
        name="trials"
        label={t("trials")}
        hint={trialsHint ?? t(split ? "splitTrialsHint" : "trialsHint")}
        numeric
      />
      <TextField name="seed" label={t("seed")} hint={t("seedHint")} numeric />
      <TextField name="percentiles" label={tf("percentiles")} hint={tf("percentilesHint")} className="sm:col-span-2" />
    </div>
  );
}

/** Start date, period length (week or day; another stored length is kept), weekends, and optionally the deadline. */
export function CalendarFields({ deadline, extra }: { deadline?: "optional" | "required"; extra?: ReactNode }) {
  const t = useTranslations("Forecast");
  const tf = useTranslations("ForecastForm");
  const period = String(useWatch({ name: "period" }) ?? "7");
  const options = [
    { value: "7", label: tf("periodWeek") },
    { value: "1", label: tf("periodDay") },
  ];
  if (!["7", "1"].includes(period)) options.push({ value: period, label: tf("periodDays", { days: period }) });
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <TextField name="startDate" type="date" label={t("startDate")} hint={t("startDateHint")} />
      <div className="space-y-2">
        <SelectField name="period" label={tf("period")} hint={tf("periodHint")} options={options} />
        {period === "1" && <CheckboxField name="skipWeekends" label={tf("skipWeekends")} />}
      </div>
      {deadline && (
        <TextField
          name="deadline"
          type="date"
          label={tf("deadline")}
          hint={deadline === "optional" ? tf("deadlineHintOptional") : tf("deadlineHint")}
        />
      )}
      {extra}
    </div>
  );
}

export function FocusField() {
  const tf = useTranslations("ForecastForm");
  return <TextField name="focus" label={tf("focus")} hint={tf("focusHint")} numeric />;
}

export function MaxPeriodsField() {
  const tf = useTranslations("ForecastForm");
  return (
    <TextField name="maxPeriods" label={tf("maxPeriods")} hint={tf("maxPeriodsHint")} numeric placeholder="1000" />
  );
}
