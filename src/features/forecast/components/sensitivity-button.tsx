"use client";

import { useMemo, useState } from "react";
import { useFormContext, type Path as FieldPath } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { serverIssues } from "@/components/form/form-kit";
import { useTRPC } from "@/trpc/react";
import type { TForecastWhenInput } from "../forecast.schemas";
import { SENSITIVITY_LIMITS as L } from "../sensitivity.schemas";
import { useFormMessages } from "./use-tab-form";
import { WHEN_TAB, type WhenValues } from "./when-spec";

interface ServerError {
  message?: string;
  data?: { fields?: { path: string; message: string }[] };
}

/**
 * "What moves the date most?" on the When form: the form's values (checked as Run checks them) go to
 * forecast.sensitivity with the backlog change asked (percent, default 20), which runs the forecast
 * once per varied input and draws the tornado. Server refusals land beside their fields like Run's.
 */
export function SensitivityButton({ onStarted }: { onStarted: (runId: string) => void }) {
  const t = useTranslations("ForecastSensitivity");
  const tf = useTranslations("Forecast");
  const form = useFormContext<WhenValues, unknown, TForecastWhenInput>();
  const start = useMutation(useTRPC().forecast.sensitivity.mutationOptions());
  const messages = useFormMessages();
  const spec = useMemo(() => WHEN_TAB.spec(messages), [messages]);
  const busy = form.formState.isSubmitting;
  const [change, setChange] = useState(String(L.defaultBacklogChange));
  const [changeError, setChangeError] = useState<string | undefined>();

  const submit = form.handleSubmit((input) => {
    setChangeError(undefined);
    const backlogChange = change.trim() === "" ? undefined : Number(change.replace(",", "."));
    return start.mutateAsync({ ...input, backlogChange }).then(
      (r) => onStarted(r.runId),
      (err: ServerError) => {
        const fields = err?.data?.fields ?? [];
        const own = fields.find((f) => f.path === "backlogChange");
        if (own) return setChangeError(own.message);
        const placed = serverIssues(spec, fields, form.getValues()).filter((f) => f.path);
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
    );
  });

  return (
    <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <Field label={t("backlogChange")} error={changeError} className="max-w-48">
        <Input
          inputMode="decimal"
          value={change}
          onChange={(e) => setChange(e.target.value)}
          data-testid="sensitivity-backlog-change"
        />
      </Field>
      <Button
        type="button"
        variant="secondary"
        onClick={() => void submit()}
        disabled={busy}
        data-testid="sensitivity-submit"
      >
        {t("button")}
      </Button>
      <p className="text-xs text-slate-600">{t("buttonHint", { change: change.trim() || L.defaultBacklogChange })}</p>
    </div>
  );
}
