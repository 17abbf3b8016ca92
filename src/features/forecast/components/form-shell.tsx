"use client";

import type { ReactNode } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { RunOptionsFields, type RunOptionsState } from "@/components/ui/run-options-fields";

/** The card, the form element, the folded run options, the whole-form error, and Run / Run fresh. */
export function FormShell<V extends FieldValues, O>({
  title,
  lead,
  form,
  submit,
  submitFresh,
  offerFresh,
  runOptions,
  children,
  testId,
}: {
  title: string;
  lead?: ReactNode;
  form: UseFormReturn<V, unknown, O>;
  submit: () => Promise<void>;
  submitFresh: () => Promise<void>;
  offerFresh?: boolean;
  /** The run options (priority, a delayed start) from useTabForm. */
  runOptions?: RunOptionsState;
  children: ReactNode;
  testId?: string;
}) {
  const t = useTranslations("Forecast");
  const { formState } = form;
  const rootError = formState.errors.root?.server?.message ?? formState.errors.root?.message;
  const hasFieldErrors = Object.keys(formState.errors).some((k) => k !== "root");
  return (
    <Card>
      <CardHeader title={title} />
      {lead && <p className="-mt-2 mb-4 text-sm text-slate-600">{lead}</p>}
      <FormProvider {...form}>
        <form
          noValidate
          data-testid={testId}
          aria-label={title}
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {children}
          {runOptions && <RunOptionsFields state={runOptions} />}
          {rootError && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
              {rootError}
            </p>
          )}
          {hasFieldErrors && !rootError && <p className="text-sm text-red-700">{t("fixErrors")}</p>}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={formState.isSubmitting} aria-busy={formState.isSubmitting || undefined}>
              {t("submit")}
            </Button>
            {offerFresh && (
              <Button
                type="button"
                variant="secondary"
                onClick={() => void submitFresh()}
                disabled={formState.isSubmitting}
              >
                {t("runFresh")}
              </Button>
            )}
            {formState.isSubmitting && <span className="text-sm text-slate-500">{t("submitting")}</span>}
          </div>
        </form>
      </FormProvider>
    </Card>
  );
}
