"use client";

import { useEffect, useMemo, useRef } from "react";
import { useForm, type FieldErrors } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import type { TForecastWhenInput } from "../forecast.schemas";
import { EMPTY_FORM, fieldForPath, forecastFormSchema, todayLocal, type ForecastField, type ForecastFormValues } from "./form-schema";

interface ServerErrorShape {
  message?: string;
  data?: { fields?: { path: string; message: string }[] | null } | null;
}

export interface ForecastFormProps {
  /** Values to show, e.g. the input of the run in the URL after a reload (applied once per key). */
  restore?: { key: string; values: ForecastFormValues } | null;
  onStarted: (runId: string) => void;
  /** Show "Run fresh": the shown result came from an earlier identical run. */
  offerFresh?: boolean;
}

export function ForecastForm({ restore, onStarted, offerFresh = false }: ForecastFormProps) {
  const t = useTranslations("Forecast");
  const trpc = useTRPC();
  const schema = useMemo(() => forecastFormSchema((token) => t("samplesNotNumber", { token })), [t]);
  const form = useForm<ForecastFormValues, unknown, TForecastWhenInput>({
    resolver: zodResolver(schema),
    defaultValues: EMPTY_FORM,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { register, handleSubmit, formState, setError, setValue, getValues, reset, watch } = form;
  const isRange = watch("backlogIsRange");

  // Default start date: today in the user's time zone (set after mount, so SSR and client agree).
  useEffect(() => {
    if (!getValues("startDate")) setValue("startDate", todayLocal());
  }, [getValues, setValue]);

  const restored = useRef<string | null>(null);
  useEffect(() => {
    if (!restore || restored.current === restore.key) return;
    restored.current = restore.key;
    reset(restore.values, { keepDefaultValues: true });
  }, [restore, reset]);

  const start = useMutation(trpc.forecast.start.mutationOptions());

  const submit = (input: TForecastWhenInput, fresh: boolean) =>
    start.mutateAsync(fresh ? { ...input, fresh } : input).then(
      (r) => onStarted(r.runId),
      (err: ServerErrorShape) => {
        const fields = err?.data?.fields ?? [];
        let placed = 0;
        for (const f of fields) {
          const name = fieldForPath(f.path, getValues("backlogIsRange"));
          if (name === "root") continue;
          setError(name, { type: "server", message: f.message }, { shouldFocus: placed === 0 });
          placed++;
        }
        if (placed < fields.length || fields.length === 0)
          setError("root.server", { type: "server", message: t("formError", { message: err?.message ?? String(err) }) });
      },
    );

  const onValid = (input: TForecastWhenInput) => submit(input, false);
  const onFresh = handleSubmit((input: TForecastWhenInput) => submit(input, true));

  const err = (name: ForecastField) => (formState.errors as FieldErrors<ForecastFormValues>)[name]?.message;
  const rootError = formState.errors.root?.server?.message ?? formState.errors.root?.message;
  const hasFieldErrors = Object.keys(formState.errors).some((k) => k !== "root");

  return (
    <Card>
      <CardHeader title={t("formTitle")} />
      <form noValidate onSubmit={handleSubmit(onValid)} className="space-y-4" aria-label={t("formTitle")}>
        <Field label={t("samples")} hint={t("samplesHint")} error={err("samples")}>
          <Textarea rows={3} spellCheck={false} placeholder="1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2" {...register("samples")} />
        </Field>

        <div className="space-y-2">
          {isRange ? (
            <div className="grid grid-cols-2 gap-3">
              <Field label={t("backlogMin")} error={err("backlogMin")}>
                <Input inputMode="numeric" {...register("backlogMin")} />
              </Field>
              <Field label={t("backlogMax")} error={err("backlogMax")}>
                <Input inputMode="numeric" {...register("backlogMax")} />
              </Field>
            </div>
          ) : (
            <Field label={t("backlog")} hint={t("backlogHint")} error={err("backlog")}>
              <Input inputMode="numeric" {...register("backlog")} />
            </Field>
          )}
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" className="size-4 rounded border-slate-300 accent-indigo-600" {...register("backlogIsRange")} />
            {t("backlogRange")}
          </label>
        </div>

        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("trials")} hint={t("trialsHint")} error={err("trials")}>
            <Input inputMode="numeric" {...register("trials")} />
          </Field>
          <Field label={t("seed")} hint={t("seedHint")} error={err("seed")}>
            <Input inputMode="numeric" {...register("seed")} />
          </Field>
          <Field label={t("startDate")} hint={t("startDateHint")} error={err("startDate")}>
            <Input type="date" {...register("startDate")} />
          </Field>
          <Field label={t("periodDays")} hint={t("periodDaysHint")} error={err("periodDays")}>
            <Input inputMode="numeric" {...register("periodDays")} />
          </Field>
        </div>

        {rootError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {rootError}
          </p>
        )}
        {hasFieldErrors && !rootError && <p className="text-sm text-red-700">{t("fixErrors")}</p>}

        <div className="flex items-center gap-3">
          <Button type="submit" disabled={formState.isSubmitting} aria-busy={formState.isSubmitting || undefined}>
            {t("submit")}
          </Button>
          {offerFresh && (
            <Button type="button" variant="secondary" onClick={() => void onFresh()} disabled={formState.isSubmitting}>
              {t("runFresh")}
            </Button>
          )}
          {formState.isSubmitting && <span className="text-sm text-slate-500">{t("submitting")}</span>}
        </div>
      </form>
    </Card>
  );
}
