"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { FormAlert } from "@/components/form/form-alert";
import { ALERT_KINDS, THRESHOLD_BOUNDS, type AlertKind } from "@/domain/alerts/kinds";
import { QUEUES } from "@/runs/queues";
import { useTRPC } from "@/trpc/react";
import { ZCreateAlertRule } from "../alerts.schemas";

interface Values {
  id?: string;
  name: string;
  kind: AlertKind;
  queue: string;
  task: string;
  threshold: string;
  windowMinutes: string;
  minRuns: string;
}
const EMPTY: Values = {
  name: "",
  kind: "queue_wait",
  queue: "",
  task: "",
  threshold: "10",
  windowMinutes: "15",
  minRuns: "1",
};
const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
const candidate = (v: Values) => ({
  name: v.name,
  kind: v.kind,
  queue: v.queue || null,
  task: v.task.trim() || null,
  threshold: num(v.threshold),
  windowMinutes: num(v.windowMinutes),
  minRuns: num(v.minRuns),
});

/** The rule form (a new rule, or the one being edited): checked with the server's schema before it is sent. */
function RuleForm({ initial, onDone }: { initial: Values; onDone: () => void }) {
  const t = useTranslations("Alerts");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const done = () => {
    void qc.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: done }));
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = ZCreateAlertRule.safeParse(candidate(v));
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) errs[String(i.path[0] ?? "name")] ??= i.message;
      setErrors(errs);
      return;
    }
    setErrors({});
    if (v.id) {
      const { kind: _kind, ...rest } = parsed.data;
      update.mutate({ id: v.id, ...rest });
    } else create.mutate(parsed.data);
  };
  const b = THRESHOLD_BOUNDS[v.kind];
  const server = create.error?.message ?? update.error?.message;
  return (
    <form noValidate onSubmit={submit} className="grid gap-3 md:grid-cols-4" data-testid="alert-rule-form">
      <Field label={t("name")} error={errors.name} className="md:col-span-2">
        <Input maxLength={120} value={v.name} onChange={set("name")} />
      </Field>
      <Field label={t("kind")} error={errors.kind}>
        <Select value={v.kind} onChange={set("kind")} disabled={Boolean(v.id)}>
          {ALERT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind_${k}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label={t("threshold")}
        hint={t("thresholdHint", { unit: t(`unit_${v.kind}`), min: f.number(b.min), max: f.number(b.max) })}
        error={errors.threshold}
      >
        <Input type="number" value={v.threshold} onChange={set("threshold")} />
      </Field>
      <Field label={t("queue")} error={errors.queue}>
        <Select value={v.queue} onChange={set("queue")}>
          <option value="">{t("anyQueue")}</option>
          {QUEUES.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("task")} hint={t("taskHint")} error={errors.task}>
        <Input maxLength={128} value={v.task} onChange={set("task")} />
      </Field>
      <Field label={t("windowMinutes")} hint={t("windowHint")} error={errors.windowMinutes}>
        <Input type="number" min={1} value={v.windowMinutes} onChange={set("windowMinutes")} />
      </Field>
      <Field label={t("minRuns")} hint={t("minRunsHint")} error={errors.minRuns}>
        <Input type="number" min={1} value={v.minRuns} onChange={set("minRuns")} />
      </Field>
      <div className="flex gap-2 md:col-span-4">
        <Button type="submit" disabled={create.isPending || update.isPending}>
          {v.id ? t("save") : t("add")}
        </Button>
        {v.id && (
          <Button variant="secondary" onClick={onDone}>
            {t("cancel")}
          </Button>
        )}
      </div>
      <FormAlert message={server} className="md:col-span-4" />
    </form>
  );
}

/** The alert rules: add, edit, enable/disable and delete. */
export function RulesPanel() {
  const t = useTranslations("Alerts");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const [editing, setEditing] = useState<Values | null>(null);
  const [formKey, setFormKey] = useState(0);
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.removeRule.mutationOptions({ onSuccess: refresh }));
  return (
    <Card className="space-y-4">
      <h2 className="text-base font-semibold text-slate-900">{t("rulesTitle")}</h2>
      <FormAlert message={rules.error?.message ?? update.error?.message ?? remove.error?.message} />
      <Table data-testid="alert-rules">
        <TableHead
          columns={[t("name"), t("kind"), t("scope"), { label: t("threshold"), numeric: true }, t("state"), null]}
        />
        <tbody>
          {(rules.data ?? []).map((r) => (
            <tr key={r.id}>
              <Td>{r.name}</Td>
              <Td>{t(`kind_${r.kind}`)}</Td>
              <Td className="font-mono text-xs">{r.task ?? r.queue ?? t("all")}</Td>
              <Td className="text-right tabular-nums">{f.number(r.threshold)}</Td>
              <Td>
                <Badge tone={r.enabled ? "success" : "neutral"}>{r.enabled ? t("enabled") : t("disabled")}</Badge>
              </Td>
              <Td className="space-x-2 whitespace-nowrap text-right">
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() =>
                    setEditing({
                      id: r.id,
                      name: r.name,
                      kind: r.kind,
                      queue: r.queue ?? "",
                      task: r.task ?? "",
                      threshold: String(r.threshold),
                      windowMinutes: String(r.windowMinutes),
                      minRuns: String(r.minRuns),
                    })
                  }
                >
                  {t("edit")}
                </Button>
                <Button size="sm" variant="secondary" onClick={() => update.mutate({ id: r.id, enabled: !r.enabled })}>
                  {r.enabled ? t("disable") : t("enable")}
                </Button>
                <ConfirmButton
                  size="sm"
                  variant="danger"
                  question={t("deleteQuestion", { name: r.name })}
                  onConfirm={() => remove.mutate({ id: r.id })}
                >
                  {t("delete")}
                </ConfirmButton>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <h3 className="text-sm font-semibold text-slate-800">{editing ? t("editTitle") : t("addTitle")}</h3>
      {editing ? (
        <RuleForm key={editing.id} initial={editing} onDone={() => setEditing(null)} />
      ) : (
        <RuleForm key={`new-${formKey}`} initial={EMPTY} onDone={() => setFormKey((k) => k + 1)} />
      )}
    </Card>
  );
}
