"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { fieldErrors } from "@/trpc/field-errors";
import type { ProjectDetail } from "../projects.service";
import { todayLocal } from "@/components/form/form-kit";
import { useProjectFormat } from "./use-project-format";

type Actual = ProjectDetail["actuals"][number];

/** Numbers typed in a form: empty is "not given"; anything else goes to the server as a number (or as typed, for it to name). */
const numberOr = (s: string): number | undefined =>
  s.trim() === "" ? undefined : Number.isNaN(Number(s)) ? (s as unknown as number) : Number(s);

/** What really happened: items finished by a date and what was left. */
export function ActualsCard({ id, actuals }: { id: string; actuals: Actual[] }) {
  const t = useTranslations("ProjectsDetail");
  const fmt = useProjectFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const invalidate = () => void qc.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ id }) });
  const [date, setDate] = useState(todayLocal);
  const [completed, setCompleted] = useState("");
  const [remaining, setRemaining] = useState("");
  const [note, setNote] = useState("");
  const add = useMutation(
    trpc.projects.addActual.mutationOptions({
      onSuccess: () => (setCompleted(""), setRemaining(""), setNote(""), invalidate()),
    }),
  );
  const remove = useMutation(trpc.projects.removeActual.mutationOptions({ onSuccess: invalidate }));
  const errors = fieldErrors(add.error);

  return (
    <Card className="space-y-4">
      <CardHeader title={t("actualsTitle")} />
      <form
        noValidate
        aria-label={t("addActual")}
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_8rem_8rem_minmax(0,1fr)_auto] lg:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({
            id,
            date,
            completed: numberOr(completed) ?? (undefined as unknown as number),
            remaining: numberOr(remaining) ?? null,
            note: note.trim() || null,
          });
        }}
      >
        <Field label={t("actualDate")} error={errors.date}>
          <Input type="date" value={date} min="1900-01-01" max="2200-12-31" onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Field label={t("completed")} hint={t("completedHint")} error={errors.completed}>
          <Input type="number" min={0} step={1} value={completed} onChange={(e) => setCompleted(e.target.value)} />
        </Field>
        <Field label={t("remaining")} hint={t("remainingHint")} error={errors.remaining}>
          <Input type="number" min={0} step={1} value={remaining} onChange={(e) => setRemaining(e.target.value)} />
        </Field>
        <Field label={t("note")} error={errors.note}>
          <Input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="lg:pt-6">
          <Button type="submit" disabled={add.isPending}>
            {t("addActual")}
          </Button>
        </div>
      </form>
      {add.error && !Object.keys(errors).length && (
        <p role="alert" className="text-sm text-red-700">
          {add.error.message}
        </p>
      )}
      {actuals.length === 0 ? (
        <p className="text-sm text-slate-500">{t("actualsEmpty")}</p>
      ) : (
        <Table data-testid="actuals-table">
          <thead>
            <tr>
              <Th scope="col">{t("actualDate")}</Th>
              <Th scope="col" className="text-right">
                {t("completed")}
              </Th>
              <Th scope="col" className="text-right">
                {t("remaining")}
              </Th>
              <Th scope="col">{t("note")}</Th>
              <Th scope="col">
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </tr>
          </thead>
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
