"use client";

import { useMemo } from "react";
import { useFormContext, type Path as FieldPath } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { serverIssues } from "@/components/form/form-kit";
import { useTRPC } from "@/trpc/react";
import type { TForecastWhenInput } from "../forecast.schemas";
import { useFormMessages } from "./use-tab-form";
import { WHEN_TAB, type WhenValues } from "./when-spec";

interface ServerError {
  message?: string;
  data?: { fields?: { path: string; message: string }[] };
}

/**
 * "What moves the date most?" on the When form: the form's values (checked as Run checks them) go to
 * forecast.sensitivity, which runs the forecast once per varied input and draws the tornado. Server
 * refusals land beside their fields like Run's.
 */
export function SensitivityButton({ onStarted }: { onStarted: (runId: string) => void }) {
  const t = useTranslations("ForecastSensitivity");
  const tf = useTranslations("Forecast");
  const form = useFormContext<WhenValues, unknown, TForecastWhenInput>();
  const start = useMutation(useTRPC().forecast.sensitivity.mutationOptions());
  const messages = useFormMessages();
  const spec = useMemo(() => WHEN_TAB.spec(messages), [messages]);
  const busy = form.formState.isSubmitting;

  const submit = form.handleSubmit((input) =>
    start.mutateAsync(input).then(
      (r) => onStarted(r.runId),
      (err: ServerError) => {
        const placed = serverIssues(spec, err?.data?.fields ?? [], form.getValues()).filter((f) => f.path);
        placed.forEach((f, i) =>
          form.setError(
            f.path!.join(".") as FieldPath<WhenValues>,
            { type: "server", message: f.message },
            {
              shouldFocus: i === 0,
            },
          ),
        );
        if (placed.length === 0)
          form.setError("root.server", { type: "server", message: tf("formError", { message: err?.message ?? "" }) });
      },
    ),
  );

  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <Button
        type="button"
        variant="secondary"
        onClick={() => void submit()}
        disabled={busy}
        data-testid="sensitivity-submit"
      >
        {t("button")}
      </Button>
      <p className="mt-2 text-xs text-slate-600">{t("buttonHint")}</p>
    </div>
  );
}
