"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { fieldErrors } from "@/trpc/field-errors";
import type { ProjectDto } from "../projects.service";
import { draftOf, inputOf, ProjectFields } from "./project-fields";

/** The project's name and settings, edited in place; delete (with everything it holds). */
export function ProjectHeader({ project }: { project: ProjectDto }) {
  const t = useTranslations("ProjectsDetail");
  const tp = useTranslations("Projects");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [draft, setDraft] = useState(() => draftOf(project));
  const [editing, setEditing] = useState(false);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ id: project.id }) });
  const update = useMutation(
    trpc.projects.update.mutationOptions({ onSuccess: () => (setEditing(false), void invalidate()) }),
  );
  const remove = useMutation(trpc.projects.remove.mutationOptions({ onSuccess: () => router.push("/projects") }));
  const errors = fieldErrors(update.error);
  const period = project.periodDays === 7 ? tp("weekly") : project.skipWeekends ? tp("workingDays") : tp("daily");

  if (editing) {
    return (
      <Card>
        <form
          noValidate
          aria-label={t("editTitle")}
          className="grid gap-4 md:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ id: project.id, ...inputOf(draft) });
          }}
        >
          <ProjectFields draft={draft} onChange={setDraft} errors={errors} />
          <div className="flex gap-2 md:col-span-2">
            <Button type="submit" disabled={update.isPending}>
              {t("saveChanges")}
            </Button>
            <Button variant="secondary" onClick={() => (setEditing(false), setDraft(draftOf(project)))}>
              {t("cancel")}
            </Button>
          </div>
        </form>
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
        <Button variant="secondary" onClick={() => (setDraft(draftOf(project)), setEditing(true))}>
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
