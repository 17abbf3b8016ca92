"use client";

import type { ReactNode } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { RunOptionsFields, type RunOptionsState } from "@/components/ui/run-options-fields";
import { RunFormFooter } from "@/components/form/run-form";

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
          <RunFormFooter form={form} messages="Forecast">
            {offerFresh && (
              <Button
                type="button"
                variant="secondary"
                onClick={() => void submitFresh()}
                disabled={form.formState.isSubmitting}
              >
                {t("runFresh")}
              </Button>
            )}
          </RunFormFooter>
        </form>
      </FormProvider>
    </Card>
  );
}
