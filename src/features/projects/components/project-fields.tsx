"use client";

import type { ReactNode } from "react";
import { FormProvider, useFormContext, useWatch, type UseFormReturn } from "react-hook-form";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { useFieldError } from "@/components/form/fields";
import type { TabSpec } from "@/components/form/form-kit";
import { flatSpec } from "@/components/form/use-schema-form";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";

export interface ProjectDraft {
  name: string;
  description: string;
  periodDays: "7" | "1";
  skipWeekends: boolean;
  backlog: string;
}

export const EMPTY_DRAFT: ProjectDraft = {
  name: "",
  description: "",
  periodDays: "7",
  skipWeekends: false,
  backlog: "",
};

export function draftOf(p: {
  name: string;
  description: string | null;
  periodDays: number;
  skipWeekends: boolean;
  backlog: number | null;
}): ProjectDraft {
  return {
    name: p.name,
    description: p.description ?? "",
    periodDays: p.periodDays === 1 ? "1" : "7",
    skipWeekends: p.skipWeekends,
    backlog: p.backlog === null ? "" : String(p.backlog),
  };
}

/** The draft as the procedures take it (an empty backlog is "none"; a non-number is sent as is, for the server to name). */
export function inputOf(d: ProjectDraft) {
  const backlog = (d.backlog ?? "").trim() === "" ? null : Number(d.backlog);
  return {
    name: d.name,
    description: (d.description ?? "").trim() === "" ? null : d.description,
    periodDays: d.periodDays === "1" ? (1 as const) : (7 as const),
    skipWeekends: d.periodDays === "1" && !!d.skipWeekends,
    backlog: backlog !== null && Number.isNaN(backlog) ? (d.backlog as unknown as number) : backlog,
  };
}

/** The create and edit forms' spec: checked with the server's schema; its input paths are the fields' names. */
export function projectSpec<O>(
  schema: z.ZodType<O, unknown>,
  extra: Record<string, unknown> = {},
): TabSpec<ProjectDraft, O> {
  return flatSpec({
    schema,
    toCandidate: (d: ProjectDraft) => ({ ...extra, ...inputOf(d) }),
    fields: ["name", "description", "periodDays", "skipWeekends", "backlog"],
  });
}

/** The create and edit form: the project's fields in two columns, then what the caller adds (error, buttons). */
export function ProjectForm<O>({
  form,
  label,
  onSubmit,
  children,
}: {
  form: UseFormReturn<ProjectDraft, unknown, O>;
  label: string;
  onSubmit: (input: O) => void;
  children: ReactNode;
}) {
  return (
    <FormProvider {...form}>
      <form noValidate aria-label={label} className="grid gap-4 md:grid-cols-2" onSubmit={form.handleSubmit(onSubmit)}>
        <ProjectFields />
        {children}
      </form>
    </FormProvider>
  );
}

/** Name, description, period, weekends and backlog: the create and edit forms share them (inside their FormProvider). */
function ProjectFields() {
  const t = useTranslations("Projects");
  const { register, setValue } = useFormContext<ProjectDraft>();
  const periodDays = useWatch<ProjectDraft, "periodDays">({ name: "periodDays" });
  const err = {
    name: useFieldError("name"),
    backlog: useFieldError("backlog"),
    periodDays: useFieldError("periodDays"),
    skipWeekends: useFieldError("skipWeekends"),
    description: useFieldError("description"),
  };
  return (
    <>
      <Field label={t("name")} error={err.name}>
        <Input maxLength={120} required {...register("name")} />
      </Field>
      <Field label={t("backlog")} hint={t("backlogHint")} error={err.backlog}>
        <Input type="number" min={0} max={1_000_000} step={1} {...register("backlog")} />
      </Field>
      <Field label={t("period")} error={err.periodDays}>
        <Select
          {...register("periodDays", {
            onChange: (e: { target: { value: string } }) => {
              if (e.target.value !== "1") setValue("skipWeekends", false);
            },
          })}
        >
          <option value="7">{t("weekly")}</option>
          <option value="1">{t("daily")}</option>
        </Select>
      </Field>
      <div className="flex items-end pb-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300"
            disabled={periodDays !== "1"}
            aria-invalid={err.skipWeekends ? true : undefined}
            {...register("skipWeekends")}
          />
          {t("skipWeekends")}
        </label>
        {err.skipWeekends && (
          <p role="alert" className="ml-2 text-xs font-medium text-red-700">
            {err.skipWeekends}
          </p>
        )}
      </div>
      <Field label={t("description")} error={err.description} className="md:col-span-2">
        <Textarea rows={2} className="font-sans" maxLength={2000} {...register("description")} />
      </Field>
    </>
  );
}
