"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { ZCreateProject } from "../projects.schemas";
import { FormAlert } from "@/components/form/form-alert";
import { EMPTY_DRAFT, ProjectForm, projectSpec } from "./project-fields";
import { useProjectFormat } from "./use-project-format";

/** Your projects, and a form to start one (it opens once made). */
export function ProjectsView() {
  const t = useTranslations("Projects");
  const f = useFormatter();
  const fmt = useProjectFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.projects.list.queryOptions());
  const spec = useMemo(() => projectSpec(ZCreateProject), []);
  const form = useSchemaForm(spec, EMPTY_DRAFT);
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: (p) => router.push(`/projects/${p.id}`),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const formError = rootError(form.formState.errors);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("yours")} />
        {list.isSuccess && list.data.length === 0 ? (
          <p className="text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <Table data-testid="projects-table">
            <TableHead
              columns={(["name", "period", "history", "savedForecasts", "actuals", "updated"] as const).map((k) =>
                t(k),
              )}
            />
            <tbody>
              {(list.data ?? []).map((p) => (
                <tr key={p.id}>
                  <Td>
                    <Link href={`/projects/${p.id}`} className="font-medium text-indigo-700 hover:underline">
                      {p.name}
                    </Link>
                  </Td>
                  <Td>{p.periodDays === 7 ? t("weekly") : p.skipWeekends ? t("workingDays") : t("daily")}</Td>
                  <Td className="tabular-nums">
                    {p.periods ? t("periodsUntil", { count: p.periods, last: fmt.day(p.lastPeriod) }) : "—"}
                  </Td>
                  <Td className="tabular-nums">{f.number(p.forecasts)}</Td>
                  <Td className="tabular-nums">{f.number(p.actuals)}</Td>
                  <Td className="tabular-nums">
                    {f.dateTime(new Date(p.updatedAt), { dateStyle: "medium", timeStyle: "short" })}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Card>
        <CardHeader title={t("newTitle")} />
        <ProjectForm form={form} label={t("newTitle")} onSubmit={(input) => create.mutate(input)}>
          <div className="md:col-span-2">
            <Button type="submit" disabled={create.isPending}>
              {t("create")}
            </Button>
          </div>
        </ProjectForm>
        <FormAlert message={formError} className="mt-3" />
      </Card>
    </div>
  );
}
