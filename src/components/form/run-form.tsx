"use client";

import type { ReactNode } from "react";
import { FormProvider, type FieldValues, type Path as FieldPath, type UseFormReturn } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { RunOptionsInput } from "@/components/ui/run-options";
import { RunOptionsFields, type RunOptionsState } from "@/components/ui/run-options-fields";
import { serverIssues, type TabSpec } from "./form-kit";
import type { ServerErrorShape } from "./use-schema-form";

/**
 * Submits a form that starts a run. The run options are checked with the form: every error shows at
 * once, the first in the page is focused. The server's field errors land on the run options or on the
 * form's fields (the first focused); what lands nowhere, or an error without fields, is the form's
 * error (`root.server`, worded by `whole`).
 */
export function submitRunForm<V extends FieldValues, O>(o: {
  form: UseFormReturn<V, unknown, O>;
  spec: Pick<TabSpec<V, unknown>, "fieldFor">;
  runOptions: RunOptionsState;
  start: (input: O & RunOptionsInput) => Promise<{ runId: string }>;
  onStarted: (runId: string) => void;
  whole: (message: string) => string;
}): Promise<void> {
  const { form, runOptions } = o;
  const options = runOptions.resolve({ focus: false });
  return form.handleSubmit((input: O) => {
    if (!options) return runOptions.focusError(); // the form itself is fine: the options are not
    return o.start({ ...input, ...options }).then(
      (r) => o.onStarted(r.runId),
      (err: ServerErrorShape) => {
        const fields = err?.data?.fields ?? [];
        const rest: typeof fields = [];
        let placed = 0;
        for (const f of fields)
          if (runOptions.placeServerError(f.path, f.message, placed === 0)) placed++;
          else rest.push(f);
        for (const f of serverIssues(o.spec, rest, form.getValues())) {
          if (!f.path) continue;
          form.setError(
            f.path.join(".") as FieldPath<V>,
            { type: "server", message: f.message },
            { shouldFocus: placed === 0 },
          );
          placed++;
        }
        if (placed < fields.length || fields.length === 0)
          form.setError("root.server", { type: "server", message: o.whole(err?.message ?? String(err)) });
      },
    );
  })();
}

/**
 * A run form in its card: the title (also the form's name), the fields, the folded run options, the
 * whole-form error (or "fix the errors above"), Submit (busy while submitting) and any other `buttons`,
 * in the words of the form's message namespace (`fixErrors`, `submit`, `submitting`).
 */
export function RunFormCard<V extends FieldValues, O>({
  title,
  form,
  submit,
  runOptions,
  messages,
  testId,
  buttons,
  children,
}: {
  title: string;
  form: UseFormReturn<V, unknown, O>;
  submit: () => Promise<void>;
  runOptions: RunOptionsState;
  messages: string;
  testId: string;
  buttons?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} />
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
          <RunOptionsFields state={runOptions} />
          <RunFormFooter form={form} messages={messages}>
            {buttons}
          </RunFormFooter>
        </form>
      </FormProvider>
    </Card>
  );
}

function RunFormFooter<V extends FieldValues, O>({
  form,
  messages,
  children,
}: {
  form: UseFormReturn<V, unknown, O>;
  messages: string;
  children?: ReactNode;
}) {
  const t = useTranslations(messages);
  const { formState } = form;
  const rootError = formState.errors.root?.server?.message ?? formState.errors.root?.message;
  const hasFieldErrors = Object.keys(formState.errors).some((k) => k !== "root");
  return (
    <>
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
        {children}
        {formState.isSubmitting && <span className="text-sm text-slate-500">{t("submitting")}</span>}
      </div>
    </>
  );
}
