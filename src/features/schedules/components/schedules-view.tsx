"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTimeZone, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DeleteButton } from "@/components/ui/confirm-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { fieldErrors } from "@/trpc/field-errors";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import type { z } from "zod";
import { ZCreateSchedule, ZUpdateSchedule } from "../schedules.schemas";
import { DRAFT_FIELDS, EMPTY, parseInput, TASK_EXAMPLES, type Draft, type TScheduleBody } from "./schedule-draft";
import { ScheduleHistory } from "./schedule-history";
import type { ScheduleDto } from "../schedules.service";
import { FormAlert } from "@/components/form/form-alert";

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const t = setTimeout(() => setD(v), ms);
    return () => clearTimeout(t);
  }, [v, ms]);
  return d;
}

/** Schedules: the list (next fire in your timezone), a form with a live preview of the next 5 fires, enable, run now. */
export function SchedulesView() {
  const t = useTranslations("Schedules");
  const f = useFormatter();
  // The viewer's own timezone (the browser's), once on the client.
  const configured = useTimeZone();
  const [myZone, setMyZone] = useState(configured ?? "America/Sao_Paulo");
  useEffect(() => setMyZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "America/Sao_Paulo"), []);
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery({ ...trpc.schedules.list.queryOptions(), refetchInterval: 10_000 });
  // The schedule being edited (none: a new one); the form is checked with the server's create or update schema.
  const [editingId, setEditingId] = useState<string | null>(null);
  const spec = useMemo(
    () =>
      flatSpec({
        schema: (editingId ? ZUpdateSchedule : ZCreateSchedule) as z.ZodType<TScheduleBody, unknown>,
        toCandidate: (d: Draft) => {
          const input = parseInput(d.input);
          return {
            ...(editingId ? { id: editingId } : {}),
            name: d.name,
            cron: d.cron,
            timezone: d.timezone,
            task: d.task,
            input: input.ok ? input.value : undefined,
            missedPolicy: d.missedPolicy,
            maxBackfill: Number(d.maxBackfill),
          };
        },
        fields: DRAFT_FIELDS,
        preCheck: (d: Draft) => (parseInput(d.input).ok ? [] : [{ path: ["input"], message: t("inputNotJson") }]),
      }),
    [editingId, t],
  );
  const form = useSchemaForm(spec, EMPTY);
  const [cron, timezone, missedPolicy] = useWatch({
    control: form.control,
    name: ["cron", "timezone", "missedPolicy"],
  });
  const [note, setNote] = useState<string | null>(null);
  const [openHistory, setOpenHistory] = useState<string | null>(null);
  const cronNow = useDebounced({ cron, timezone }, 250);
  const preview = useQuery({
    ...trpc.schedules.preview.queryOptions({ ...cronNow, count: 5 }),
    retry: false,
    enabled: cronNow.cron.trim().length > 0,
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
  const reset = () => (setEditingId(null), form.reset(EMPTY));
  const save = useMutation(
    trpc.schedules.create.mutationOptions({
      onSuccess: () => (reset(), setNote(t("saved")), void invalidate()),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const edit = useMutation(
    trpc.schedules.update.mutationOptions({
      onSuccess: () => (reset(), setNote(t("saved")), void invalidate()),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const toggle = useMutation(
    trpc.schedules.update.mutationOptions({ onSuccess: () => void invalidate(), onError: (e) => setNote(e.message) }),
  );
  const remove = useMutation(
    trpc.schedules.remove.mutationOptions({ onSuccess: () => void invalidate(), onError: (e) => setNote(e.message) }),
  );
  const runNow = useMutation(
    trpc.schedules.runNow.mutationOptions({
      onSuccess: (r) => setNote(t("started", { id: r.runId.slice(0, 8) })),
      onError: (e) => setNote(e.message),
    }),
  );
  // The live preview's complaints about the cron and zone, until the form's own (schema or server) say more.
  const previewErrors = fieldErrors(preview.error);
  const formErrors = form.formState.errors;
  const errorOf = (k: (typeof DRAFT_FIELDS)[number]) => formErrors[k]?.message ?? previewErrors[k];
  const formError = rootError(formErrors);
  const when = (iso: string | null, zone?: string) =>
    iso ? f.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone: zone }) : "—";

  const submit = form.handleSubmit((body) => {
    setNote(null);
    if ("id" in body && body.id) edit.mutate(body as Parameters<typeof edit.mutate>[0]);
    else save.mutate(body as Parameters<typeof save.mutate>[0]);
  });
  const startEdit = (s: Omit<ScheduleDto, "input"> & { input?: unknown }) => {
    setEditingId(s.id);
    form.reset({
      name: s.name,
      cron: s.cron,
      timezone: s.timezone,
      task: s.task,
      input: JSON.stringify(s.input, null, 2),
      missedPolicy: s.missedPolicy as Draft["missedPolicy"],
      maxBackfill: String(s.maxBackfill),
    });
  };

  return (
    <div className="space-y-6">
      <Card className="space-y-4">
        <CardHeader title={editingId ? t("editTitle") : t("newTitle")} />
        <form
          noValidate
          onSubmit={(e) => void submit(e)}
          className="grid gap-4 md:grid-cols-2"
          aria-label={t("formLabel")}
        >
          <Field label={t("name")} error={errorOf("name")}>
            <Input maxLength={100} {...form.register("name")} />
          </Field>
          <Field label={t("task")} error={errorOf("task")}>
            <Select
              {...form.register("task", {
                onChange: (e: { target: { value: string } }) =>
                  form.setValue("input", TASK_EXAMPLES[e.target.value] ?? "{}"),
              })}
            >
              {Object.keys(TASK_EXAMPLES).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("cron")} hint={t("cronHint")} error={errorOf("cron")}>
            <Input maxLength={120} className="font-mono" {...form.register("cron")} />
          </Field>
          <Field label={t("timezone")} error={errorOf("timezone")}>
            <Input maxLength={64} {...form.register("timezone")} />
          </Field>
          <Field label={t("missedPolicy")} hint={t(`missed.${missedPolicy}`)} error={errorOf("missedPolicy")}>
            <Select {...form.register("missedPolicy")}>
              <option value="skip">skip</option>
              <option value="once">once</option>
              <option value="backfill">backfill</option>
            </Select>
          </Field>
          <Field label={t("maxBackfill")} error={errorOf("maxBackfill")}>
            <Input type="number" min={0} max={1000} {...form.register("maxBackfill")} />
          </Field>
          <Field label={t("input")} error={errorOf("input")} className="md:col-span-2">
            <Textarea rows={4} className="font-mono text-xs" {...form.register("input")} />
          </Field>
          <div className="md:col-span-2">
            <h3 className="text-sm font-medium text-slate-800">{t("preview", { zone: myZone })}</h3>
            <ol data-testid="schedule-preview" className="mt-1 list-decimal pl-6 text-sm tabular-nums text-slate-700">
              {(preview.data ?? []).map((iso) => (
                <li key={iso}>
                  {when(iso, myZone)}{" "}
                  <span className="text-slate-400">
                    ({when(iso, timezone.trim() || undefined)} {timezone})
                  </span>
                </li>
              ))}
            </ol>
          </div>
          <div className="flex gap-3 md:col-span-2">
            <Button type="submit" disabled={save.isPending || edit.isPending}>
              {editingId ? t("saveChanges") : t("create")}
            </Button>
            {editingId && (
              <Button variant="secondary" onClick={reset}>
                {t("cancelEdit")}
              </Button>
            )}
          </div>
        </form>
        <FormAlert message={formError} />
      </Card>

      {note && (
        <p role="status" className="text-sm text-slate-700">
          {note}
        </p>
      )}

      <Card>
        <Table data-testid="schedules-table">
          <TableHead columns={[t("name"), t("cron"), t("task"), t("next", { zone: myZone }), t("last"), null]} />
          <tbody>
            {(list.data ?? []).map((s) => (
              <tr key={s.id} data-testid={`schedule-${s.id}`}>
                <Td>
                  {s.name} {s.system && <Badge>{t("system")}</Badge>}
                </Td>
                <Td className="font-mono text-xs">
                  {s.cron}
                  <div className="font-sans text-slate-400">{s.timezone}</div>
                </Td>
                <Td className="font-mono text-xs">
                  {s.task}
                  {!s.taskAvailable && <div className="font-sans text-amber-700">{t("taskLater")}</div>}
                </Td>
                <Td className="tabular-nums" data-testid={`schedule-next-${s.id}`}>
                  {s.enabled ? when(s.nextRunAt, myZone) : <Badge tone="warning">{t("disabled")}</Badge>}
                </Td>
                <Td>
                  {s.lastRunId ? (
                    <Link href={`/runs/${s.lastRunId}`} className="text-indigo-700 hover:underline">
                      {s.lastStatus ?? "—"}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="space-x-2 whitespace-nowrap text-right">
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate({ id: s.id, enabled: !s.enabled })}
                  >
                    {s.enabled ? t("disable") : t("enable")}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={!s.taskAvailable || runNow.isPending}
                    onClick={() => runNow.mutate({ id: s.id })}
                  >
                    {t("runNow")}
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => startEdit(s)}>
                    {t("edit")}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-expanded={openHistory === s.id}
                    onClick={() => setOpenHistory(openHistory === s.id ? null : s.id)}
                  >
                    {t("history")}
                  </Button>
                  {!s.system && <DeleteButton t={t} remove={remove} id={s.id} name={s.name} variant="secondary" />}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {list.isSuccess && list.data.length === 0 && <p className="mt-3 text-sm text-slate-500">{t("empty")}</p>}
      </Card>
      {openHistory && <ScheduleHistory id={openHistory} />}
    </div>
  );
}
