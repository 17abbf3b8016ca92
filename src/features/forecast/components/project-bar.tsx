"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
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
  const save = useMutation(trpc.projects.saveForecast.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [label, setLabel] = useState("");

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
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ id: projectId, runId, label: label.trim() || undefined });
      }}
    >
      <p className="text-sm text-slate-800">{t("confirm", { name: projectName })}</p>
      <label className="block text-sm text-slate-700">
        {t("label")}
        <Input value={label} maxLength={120} onChange={(e) => setLabel(e.target.value)} className="mt-1" />
      </label>
      {save.error && (
        <p role="alert" className="text-sm text-red-700">
          {t("failed", { message: save.error.message })}
        </p>
      )}
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
