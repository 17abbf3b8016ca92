"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { ZUpdateProject } from "../projects.schemas";
import type { ProjectDto } from "../projects.service";
import { FormAlert } from "@/components/form/form-alert";
import { draftOf, ProjectForm, projectSpec } from "./project-fields";

/** The project's name and settings, edited in place; delete (with everything it holds). */
export function ProjectHeader({ project }: { project: ProjectDto }) {
  const t = useTranslations("ProjectsDetail");
  const tp = useTranslations("Projects");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const spec = useMemo(() => projectSpec(ZUpdateProject, { id: project.id }), [project.id]);
  const form = useSchemaForm(spec, draftOf(project));
  const [editing, setEditing] = useState(false);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ id: project.id }) });
  const update = useMutation(
    trpc.projects.update.mutationOptions({
      onSuccess: () => (setEditing(false), void invalidate()),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const remove = useMutation(trpc.projects.remove.mutationOptions({ onSuccess: () => router.push("/projects") }));
  const formError = rootError(form.formState.errors);
  const period = project.periodDays === 7 ? tp("weekly") : project.skipWeekends ? tp("workingDays") : tp("daily");

  if (editing) {
    return (
      <Card>
        <ProjectForm form={form} label={t("editTitle")} onSubmit={(input) => update.mutate(input)}>
          <FormAlert message={formError} className="md:col-span-2" />
          <div className="flex gap-2 md:col-span-2">
            <Button type="submit" disabled={update.isPending}>
              {t("saveChanges")}
            </Button>
            <Button variant="secondary" onClick={() => (setEditing(false), form.reset(draftOf(project)))}>
              {t("cancel")}
            </Button>
          </div>
        </ProjectForm>
      </Card>
    );
  }
  return (
    <header className="flex flex-wrap items-start justify-between gap-4">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">{project.name}</h1>
        {project.description && <p className="whitespace-pre-line text-slate-600">{project.description}</p>}
        <p className="text-sm text-slate-600" data-testid="project-settings">
          {period}
          {" · "}
          {project.backlog === null
            ? t("noBacklog")
            : t("backlogLeft", { count: project.backlog, n: f.number(project.backlog) })}
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => (form.reset(draftOf(project)), setEditing(true))}>
          {t("edit")}
        </Button>
        <ConfirmButton
          variant="danger"
          disabled={remove.isPending}
          question={t("confirmDelete", { name: project.name })}
          onConfirm={() => remove.mutate({ id: project.id })}
        >
          {t("delete")}
        </ConfirmButton>
      </div>
    </header>
  );
}
