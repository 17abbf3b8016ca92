"use client";

import { useMemo } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { ZAddActual } from "../projects.schemas";
import type { ProjectDetail } from "../projects.service";
import { todayLocal } from "@/components/form/form-kit";
import { FormAlert } from "@/components/form/form-alert";
import { useProjectFormat } from "./use-project-format";

type Actual = ProjectDetail["actuals"][number];

/** Numbers typed in a form: empty is "not given"; anything else goes to the server as a number (or as typed, for it to name). */
const numberOr = (s: string): number | undefined =>
  s.trim() === "" ? undefined : Number.isNaN(Number(s)) ? (s as unknown as number) : Number(s);

interface ActualValues {
  date: string;
  completed: string;
  remaining: string;
  note: string;
}

/** What really happened: items finished by a date and what was left. */
export function ActualsCard({ id, actuals }: { id: string; actuals: Actual[] }) {
  const t = useTranslations("ProjectsDetail");
  const fmt = useProjectFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const invalidate = () => void qc.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ id }) });
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZAddActual,
        toCandidate: (v: ActualValues) => ({
          id,
          date: v.date,
          completed: numberOr(v.completed),
          remaining: numberOr(v.remaining) ?? null,
          note: v.note.trim() || null,
        }),
        fields: ["date", "completed", "remaining", "note"],
      }),
    [id],
  );
  const form = useSchemaForm(spec, { date: todayLocal(), completed: "", remaining: "", note: "" });
  const add = useMutation(
    trpc.projects.addActual.mutationOptions({
      onSuccess: () => (form.reset({ ...form.getValues(), completed: "", remaining: "", note: "" }), invalidate()),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const remove = useMutation(trpc.projects.removeActual.mutationOptions({ onSuccess: invalidate }));
  const errors = form.formState.errors;
  const formError = rootError(errors);

  return (
    <Card className="space-y-4">
      <CardHeader title={t("actualsTitle")} />
      <form
        noValidate
        aria-label={t("addActual")}
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_8rem_8rem_minmax(0,1fr)_auto] lg:items-start"
        onSubmit={form.handleSubmit((input) => add.mutate(input))}
      >
        <Field label={t("actualDate")} error={errors.date?.message}>
          <Input type="date" min="1900-01-01" max="2200-12-31" {...form.register("date")} />
        </Field>
        <Field label={t("completed")} hint={t("completedHint")} error={errors.completed?.message}>
          <Input type="number" min={0} step={1} {...form.register("completed")} />
        </Field>
        <Field label={t("remaining")} hint={t("remainingHint")} error={errors.remaining?.message}>
          <Input type="number" min={0} step={1} {...form.register("remaining")} />
        </Field>
        <Field label={t("note")} error={errors.note?.message}>
          <Input maxLength={500} {...form.register("note")} />
        </Field>
        <div className="lg:pt-6">
          <Button type="submit" disabled={add.isPending}>
            {t("addActual")}
          </Button>
        </div>
      </form>
      <FormAlert message={formError} />
      {actuals.length === 0 ? (
        <p className="text-sm text-slate-500">{t("actualsEmpty")}</p>
      ) : (
        <Table data-testid="actuals-table">
          <TableHead
            columns={[
              t("actualDate"),
              { label: t("completed"), numeric: true },
              { label: t("remaining"), numeric: true },
              t("note"),
              { label: t("actions"), srOnly: true },
            ]}
          />
          <tbody>
            {actuals.map((a) => (
              <tr key={a.id}>
                <Td className="whitespace-nowrap tabular-nums">{fmt.day(a.date)}</Td>
                <Td className="text-right tabular-nums">{fmt.num(a.completed, 0)}</Td>
                <Td className="text-right tabular-nums">{a.remaining === null ? "—" : fmt.num(a.remaining, 0)}</Td>
                <Td>{a.note ?? ""}</Td>
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={remove.isPending}
                    aria-label={t("removeActualOf", { date: fmt.day(a.date) })}
                    onClick={() => remove.mutate({ id, actualId: a.id })}
                  >
                    {t("remove")}
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
