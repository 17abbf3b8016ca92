"use client";

import { useId, useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { num } from "@/components/form/form-kit";
import { MAX_QUEUE_CONCURRENCY, type QueueName } from "@/runs/queues";
import { useTRPC } from "@/trpc/react";
import { ZUpdateQueueInput } from "../console.schemas";

/** A queue's concurrency limit: checked with the server's ZUpdateQueueInput, its error under the box. */
function ConcurrencyForm({ name, concurrency }: { name: string; concurrency: number }) {
  const t = useTranslations("Queues");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const errorId = useId();
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZUpdateQueueInput,
        toCandidate: (v: { concurrency: string }) => ({ name, concurrency: num(v.concurrency) ?? Number.NaN }),
        fields: ["concurrency"],
      }),
    [name],
  );
  const form = useSchemaForm(spec, { concurrency: "" });
  const update = useMutation(
    trpc.console.updateQueue.mutationOptions({
      onSuccess: () => {
        form.reset({ concurrency: "" });
        void qc.invalidateQueries({ queryKey: trpc.console.queues.queryKey() });
      },
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const error = form.formState.errors.concurrency?.message ?? rootError(form.formState.errors);
  const value = form.watch("concurrency");
  return (
    <form
      noValidate
      className="flex flex-wrap items-center gap-2"
      onSubmit={form.handleSubmit((input) => update.mutate({ ...input, name: input.name as QueueName }))}
    >
      <Input
        aria-label={t("concurrencyOf", { queue: name })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        type="number"
        min={1}
        max={MAX_QUEUE_CONCURRENCY}
        className="w-24"
        placeholder={String(concurrency)}
        {...form.register("concurrency")}
      />
      <Button type="submit" size="sm" variant="secondary" disabled={!value || update.isPending}>
        {t("save")}
      </Button>
      {error && (
        <p id={errorId} role="alert" className="w-full text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

/** Every queue: what runs and waits, its limit (editable) and pause/resume. Refreshed every 2 s. */
export function QueuesPanel() {
  const t = useTranslations("Queues");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const queues = useQuery({ ...trpc.console.queues.queryOptions(), refetchInterval: 2_000 });
  const update = useMutation(
    trpc.console.updateQueue.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.console.queues.queryKey() }),
    }),
  );

  return (
    <Card className="space-y-4">
      {(queues.error || update.error) && (
        <p role="alert" className="text-sm text-red-700">
          {queues.error?.message ?? update.error?.message}
        </p>
      )}
      <Table data-testid="queues-table">
        <TableHead
          columns={[
            t("colQueue"),
            t("colState"),
            { label: t("colRunning"), numeric: true },
            { label: t("colWaiting"), numeric: true },
            t("colConcurrency"),
            null,
          ]}
        />
        <tbody>
          {(queues.data ?? []).map((q) => (
            <tr key={q.name} data-testid={`queue-${q.name}`}>
              <Td className="font-mono">{q.name}</Td>
              <Td>
                <Badge tone={q.paused ? "warning" : "success"}>{q.paused ? t("paused") : t("active")}</Badge>
              </Td>
              <Td className="text-right tabular-nums">
                {f.number(q.running)} / {f.number(q.concurrency)}
              </Td>
              <Td className="text-right tabular-nums">{f.number(q.waiting)}</Td>
              <Td>
                <ConcurrencyForm name={q.name} concurrency={q.concurrency} />
              </Td>
              <Td className="text-right">
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={update.isPending}
                  onClick={() => update.mutate({ name: q.name as never, paused: !q.paused })}
                >
                  {q.paused ? t("resume") : t("pause")}
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p className="text-xs text-slate-500">{t("help")}</p>
    </Card>
  );
}
