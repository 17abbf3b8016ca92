"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { flatSpec, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { FormAlert } from "@/components/form/form-alert";
import { ZSaveForecast } from "@/features/projects/ui";
import { useTRPC } from "@/trpc/react";

/** Which project prefilled the form. */
export function ProjectBanner({ id, name, periods }: { id: string; name: string; periods: number }) {
  const t = useTranslations("ForecastProject");
  return (
    <p
      className="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900"
      data-testid="project-banner"
    >
      {t.rich("banner", {
        name,
        count: periods,
        link: (chunks) => (
          <Link href={`/projects/${id}`} className="font-semibold underline-offset-2 hover:underline">
            {chunks}
          </Link>
        ),
      })}
    </p>
  );
}

/** "Save to project" for a succeeded run: confirm (with an optional label), save, say so. */
export function SaveToProject({
  projectId,
  projectName,
  runId,
}: {
  projectId: string;
  projectName: string;
  runId: string;
}) {
  const t = useTranslations("ForecastProject");
  const trpc = useTRPC();
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZSaveForecast,
        toCandidate: (v: { label: string }) => ({ id: projectId, runId, label: v.label.trim() || undefined }),
        fields: ["label"],
      }),
    [projectId, runId],
  );
  const form = useSchemaForm(spec, { label: "" });
  const save = useMutation(
    trpc.projects.saveForecast.mutationOptions({
      onError: (err) => void setServerErrors(form, spec, err, (message) => t("failed", { message })),
    }),
  );
  const [confirming, setConfirming] = useState(false);
  const labelError = form.formState.errors.label?.message;
  const formError = form.formState.errors.root?.server?.message;

  if (save.isSuccess && save.variables?.runId === runId) {
    return (
      <p role="status" className="text-sm text-emerald-800" data-testid="saved-to-project">
        ✓ {save.data.alreadySaved ? t("alreadySaved", { name: projectName }) : t("saved", { name: projectName })}{" "}
        <Link
          href={`/projects/${projectId}`}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          {t("openProject")}
        </Link>
      </p>
    );
  }
  if (!confirming) {
    return (
      <Button variant="secondary" size="sm" onClick={() => setConfirming(true)} data-testid="save-to-project">
        {t("save", { name: projectName })}
      </Button>
    );
  }
  return (
    <form
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
      noValidate
      onSubmit={form.handleSubmit((input) => save.mutate(input))}
    >
      <p className="text-sm text-slate-800">{t("confirm", { name: projectName })}</p>
      <Field label={t("label")} error={labelError && t("failed", { message: labelError })}>
        <Input maxLength={120} {...form.register("label")} />
      </Field>
      <FormAlert message={formError} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={save.isPending}>
          {t("confirmSave")}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
