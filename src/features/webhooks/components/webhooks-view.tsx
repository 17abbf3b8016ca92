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
import { Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { fieldErrors } from "@/trpc/field-errors";

const EVENTS = ["succeeded", "failed", "cancelled", "dead"] as const;

/** Outgoing webhooks (signed POSTs when runs end, with their deliveries) and incoming hooks (signed POST → a run). */
export function WebhooksView() {
  const t = useTranslations("Webhooks");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const hooks = useQuery(trpc.webhooks.list.queryOptions());
  const incoming = useQuery(trpc.webhooks.incoming.queryOptions());
  const [url, setUrl] = useState("");
  const [task, setTask] = useState("");
  const [events, setEvents] = useState<string[]>(["succeeded", "failed", "dead"]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [inName, setInName] = useState("");
  const [inTask, setInTask] = useState("forecast.when");
  const [inSecret, setInSecret] = useState<{ path: string; secret: string } | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.webhooks.incoming.queryKey() });
  };
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({ onSuccess: (r) => (setSecret(r.secret), setUrl(""), refresh()) }),
  );
  const toggle = useMutation(trpc.webhooks.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: refresh }));
  const createIn = useMutation(
    trpc.webhooks.createIncoming.mutationOptions({
      onSuccess: (r) => (setInSecret({ path: r.path, secret: r.secret }), setInName(""), refresh()),
    }),
  );
  const removeIn = useMutation(trpc.webhooks.removeIncoming.mutationOptions({ onSuccess: refresh }));
  const errs = fieldErrors(create.error);
  const inErrs = fieldErrors(createIn.error);

  return (
    <div className="space-y-6">
      <Card className="space-y-4">
        <CardHeader title={t("outgoing")} />
        <p className="text-sm text-slate-600">{t("outgoingLead")}</p>
        <form
          noValidate
          className="grid gap-3 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ url, task: task.trim() || null, events: events as never });
          }}
        >
          <Field label={t("url")} error={errs.url} className="md:col-span-2">
            <Input
              value={url}
              maxLength={2048}
              placeholder="https://example.com/fluxo"
              onChange={(e) => setUrl(e.target.value)}
            />
          </Field>
          <Field label={t("task")} hint={t("taskHint")} error={errs.task}>
            <Input value={task} maxLength={128} onChange={(e) => setTask(e.target.value)} />
          </Field>
          <fieldset className="md:col-span-3">
            <legend className="text-sm font-medium text-slate-800">{t("events")}</legend>
            <div className="mt-1 flex gap-4 text-sm">
              {EVENTS.map((ev) => (
                <label key={ev} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={events.includes(ev)}
                    onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
                  />
                  {ev}
                </label>
              ))}
            </div>
            {errs.events && <p className="text-sm text-red-700">{errs.events}</p>}
          </fieldset>
          <div>
            <Button type="submit" disabled={create.isPending}>
              {t("add")}
            </Button>
          </div>
        </form>
        {create.error && !Object.keys(errs).length && (
          <p role="alert" className="text-sm text-red-700">
            {create.error.message}
          </p>
        )}
        {secret && (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t("secretOnce")}{" "}
            <code className="break-all font-mono text-xs" data-testid="webhook-secret">
              {secret}
            </code>
          </p>
        )}
        <Table>
          <thead>
            <tr>
              <Th scope="col">{t("url")}</Th>
              <Th scope="col">{t("task")}</Th>
              <Th scope="col">{t("events")}</Th>
              <Th scope="col" />
            </tr>
          </thead>
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
          onSubmit={(e) => {
            e.preventDefault();
            createIn.mutate({ name: inName, task: inTask });
          }}
        >
          <Field label={t("name")} error={inErrs.name} className="w-56">
            <Input value={inName} maxLength={100} onChange={(e) => setInName(e.target.value)} />
          </Field>
          <Field label={t("task")} error={inErrs.task} className="w-56">
            <Input value={inTask} maxLength={128} onChange={(e) => setInTask(e.target.value)} />
          </Field>
          <Button type="submit" disabled={createIn.isPending}>
            {t("addIncoming")}
          </Button>
        </form>
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
      <thead>
        <tr>
          <Th scope="col">{t("when")}</Th>
          <Th scope="col">{t("event")}</Th>
          <Th scope="col">{t("state")}</Th>
          <Th scope="col" className="text-right">
            {t("attempts")}
          </Th>
          <Th scope="col" className="text-right">
            {t("response")}
          </Th>
        </tr>
      </thead>
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
