"use client";

import type { ReactNode } from "react";
import { get, useFormContext, useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

/** The error message of a (possibly nested) field, e.g. "risks.2.low". */
export function useFieldError(name: string): string | undefined {
  const { formState } = useFormContext();
  const e = get(formState.errors, name) as { message?: unknown } | undefined;
  return typeof e?.message === "string" ? e.message : undefined;
}

interface TextProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string;
  type?: "text" | "date";
  numeric?: boolean;
  className?: string;
}

export function TextField({ name, label, hint, placeholder, type = "text", numeric, className }: TextProps) {
  const { register } = useFormContext();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)} className={className}>
      <Input type={type} inputMode={numeric ? "decimal" : undefined} placeholder={placeholder} {...register(name)} />
    </Field>
  );
}

export function ListField({
  name,
  label,
  hint,
  placeholder,
  rows = 3,
}: Omit<TextProps, "type" | "numeric"> & { rows?: number }) {
  const { register } = useFormContext();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)}>
      <Textarea rows={rows} spellCheck={false} placeholder={placeholder} {...register(name)} />
    </Field>
  );
}

export function SelectField({
  name,
  label,
  hint,
  options,
  className,
}: Omit<TextProps, "type" | "numeric" | "placeholder"> & { options: { value: string; label: string }[] }) {
  const { register } = useFormContext();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)} className={className}>
      <Select {...register(name)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function CheckboxField({ name, label, className }: { name: string; label: ReactNode; className?: string }) {
  const { register } = useFormContext();
  const error = useFieldError(name);
  return (
    <div className={cn("space-y-1", className)}>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          aria-invalid={error ? true : undefined}
          className="size-4 rounded border-slate-300 accent-indigo-600"
          {...register(name)}
        />
        {label}
      </label>
      {error && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

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

/** Trials, seed and the confidence levels. */
export function RunFields({ trialsHint }: { trialsHint?: string }) {
  const t = useTranslations("Forecast");
  const tf = useTranslations("ForecastForm");
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <TextField name="trials" label={t("trials")} hint={trialsHint ?? t("trialsHint")} numeric />
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
