"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import { ALERT_WEBHOOK_EVENTS, WEBHOOK_EVENTS } from "@/runs/webhook-events";
import { ZCreateIncoming, ZCreateWebhook } from "../webhooks.schemas";
import { FormAlert } from "@/components/form/form-alert";
import { CheckboxGroup } from "@/components/ui/checkbox-group";

interface OutgoingValues {
  url: string;
  task: string;
  events: string[];
}
interface IncomingValues {
  name: string;
  task: string;
}

/** The two forms' specs: the server's own schemas; input paths are the fields' names. */
const outgoingSpec = flatSpec({
  schema: ZCreateWebhook,
  toCandidate: (v: OutgoingValues) => ({ url: v.url, task: v.task.trim() || null, events: v.events }),
  fields: ["url", "task", "events"],
});
const incomingSpec = flatSpec({
  schema: ZCreateIncoming,
  toCandidate: (v: IncomingValues) => ({ name: v.name, task: v.task }),
  fields: ["name", "task"],
});

/** Outgoing webhooks (signed POSTs when runs end, with their deliveries) and incoming hooks (signed POST → a run). */
export function WebhooksView() {
  const t = useTranslations("Webhooks");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const hooks = useQuery(trpc.webhooks.list.queryOptions());
  const incoming = useQuery(trpc.webhooks.incoming.queryOptions());
  // Alert events (alert.fired, alert.resolved) are offered to admins only.
  const me = useQuery(trpc.accounts.me.queryOptions());
  const EVENTS = me.data?.role === "admin" ? [...WEBHOOK_EVENTS, ...ALERT_WEBHOOK_EVENTS] : WEBHOOK_EVENTS;
  const out = useSchemaForm(outgoingSpec, { url: "", task: "", events: ["succeeded", "failed", "dead"] });
  const inc = useSchemaForm(incomingSpec, { name: "", task: "forecast.when" });
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [inSecret, setInSecret] = useState<{ path: string; secret: string } | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.webhooks.incoming.queryKey() });
  };
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (r) => (setSecret(r.secret), out.setValue("url", ""), refresh()),
      onError: (err) => void setServerErrors(out, outgoingSpec, err),
    }),
  );
  const toggle = useMutation(trpc.webhooks.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: refresh }));
  const createIn = useMutation(
    trpc.webhooks.createIncoming.mutationOptions({
      onSuccess: (r) => (setInSecret({ path: r.path, secret: r.secret }), inc.setValue("name", ""), refresh()),
      onError: (err) => void setServerErrors(inc, incomingSpec, err),
    }),
  );
  const removeIn = useMutation(trpc.webhooks.removeIncoming.mutationOptions({ onSuccess: refresh }));
  const errs = out.formState.errors;
  const outError = rootError(errs);
  const inErrs = inc.formState.errors;
  const inError = rootError(inErrs);

  return (
    <div className="space-y-6">
      <Card className="space-y-4">
        <CardHeader title={t("outgoing")} />
        <p className="text-sm text-slate-600">{t("outgoingLead")}</p>
        <form
          noValidate
          className="grid gap-3 md:grid-cols-3"
          onSubmit={out.handleSubmit((input) => create.mutate(input))}
        >
          <Field label={t("url")} error={errs.url?.message} className="md:col-span-2">
            <Input maxLength={2048} placeholder="https://example.com/fluxo" {...out.register("url")} />
          </Field>
          <Field label={t("task")} hint={t("taskHint")} error={errs.task?.message}>
            <Input maxLength={128} {...out.register("task")} />
          </Field>
          <CheckboxGroup
            legend={t("events")}
            options={EVENTS}
            label={(ev) => ev}
            input={() => out.register("events")}
            error={errs.events?.message}
            errorId="webhook-events-error"
            className="md:col-span-3"
          />
          <div>
            <Button type="submit" disabled={create.isPending}>
              {t("add")}
            </Button>
          </div>
        </form>
        <FormAlert message={outError} />
        {secret && (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t("secretOnce")}{" "}
            <code className="break-all font-mono text-xs" data-testid="webhook-secret">
              {secret}
            </code>
          </p>
        )}
        <Table>
          <TableHead columns={[t("url"), t("task"), t("events"), null]} />
          <tbody>
            {(hooks.data ?? []).map((w) => (
              <tr key={w.id}>
                <Td className="max-w-72 truncate font-mono text-xs">{w.url}</Td>
                <Td className="font-mono text-xs">{w.task ?? t("allTasks")}</Td>
                <Td className="text-xs">
                  {w.events.join(", ")} {!w.enabled && <Badge tone="warning">{t("disabled")}</Badge>}
                </Td>
                <Td className="space-x-2 whitespace-nowrap text-right">
                  <Button size="sm" variant="secondary" onClick={() => setOpen(open === w.id ? null : w.id)}>
                    {t("deliveries")}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => toggle.mutate({ id: w.id, enabled: !w.enabled })}
                  >
                    {w.enabled ? t("disable") : t("enable")}
                  </Button>
                  <ConfirmButton
                    size="sm"
                    variant="secondary"
                    question={t("confirmDelete")}
                    onConfirm={() => remove.mutate({ id: w.id })}
                  >
                    {t("delete")}
                  </ConfirmButton>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {open && (
          <Deliveries
            id={open}
            when={(iso) => (iso ? f.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "medium" }) : "—")}
          />
        )}
      </Card>

      <Card className="space-y-4">
        <CardHeader title={t("incoming")} />
        <p className="text-sm text-slate-600">{t("incomingLead")}</p>
        <form
          noValidate
          className="flex flex-wrap items-end gap-3"
          onSubmit={inc.handleSubmit((input) => createIn.mutate(input))}
        >
          <Field label={t("name")} error={inErrs.name?.message} className="w-56">
            <Input maxLength={100} {...inc.register("name")} />
          </Field>
          <Field label={t("task")} error={inErrs.task?.message} className="w-56">
            <Input maxLength={128} {...inc.register("task")} />
          </Field>
          <Button type="submit" disabled={createIn.isPending}>
            {t("addIncoming")}
          </Button>
        </form>
        <FormAlert message={inError} />
        {inSecret && (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t("incomingOnce", { path: inSecret.path })}{" "}
            <code className="break-all font-mono text-xs">{inSecret.secret}</code>
          </p>
        )}
        <ul className="space-y-1 text-sm">
          {(incoming.data ?? []).map((h) => (
            <li key={h.id} className="flex items-center gap-3">
              <span>{h.name}</span>
              <code className="font-mono text-xs">POST {h.path}</code>
              <span className="font-mono text-xs text-slate-500">{h.task}</span>
              <ConfirmButton
                size="sm"
                variant="secondary"
                question={t("confirmDelete")}
                onConfirm={() => removeIn.mutate({ id: h.id })}
              >
                {t("delete")}
              </ConfirmButton>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function Deliveries({ id, when }: { id: string; when: (iso: string | null) => string }) {
  const t = useTranslations("Webhooks");
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ id }), refetchInterval: 3_000 });
  return (
    <Table data-testid="deliveries">
      <TableHead
        columns={[
          t("when"),
          t("event"),
          t("state"),
          { label: t("attempts"), numeric: true },
          { label: t("response"), numeric: true },
        ]}
      />
      <tbody>
        {(q.data ?? []).map((d) => (
          <tr key={d.id}>
            <Td className="tabular-nums">{when(d.createdAt)}</Td>
            <Td>{d.event}</Td>
            <Td>
              <Badge tone={d.state === "delivered" ? "success" : d.state === "failed" ? "danger" : "neutral"}>
                {d.state}
              </Badge>
            </Td>
            <Td className="text-right tabular-nums">{d.attempts}</Td>
            <Td className="text-right tabular-nums">{d.responseCode ?? d.error ?? "—"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
