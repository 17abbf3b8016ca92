"use client";

import Link from "next/link";
import { useEffect, useState, type ChangeEvent } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ProgressBar, toPercent } from "@/components/ui/progress-bar";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useViewerTimeZone } from "@/components/ui/run-options-fields";
import { CANCELLABLE_STATUSES, STATUS_ORDER } from "../hooks/run-state";
import { useLiveRunsList } from "../hooks/use-live-runs-list";
import { isTerminal, RUN_STATUSES, type RunStatus } from "@/runs/status";
import { QUEUES } from "@/runs/queues";
import { useTRPC } from "@/trpc/react";
import { extrasOf, parseTime, runDurationMs, useFormatDuration, useNow } from "./format";
import { progressTone, StatusBadge } from "./status-badge";
import { CompareButton, PickBox, usePicked } from "./compare-pick";

/** A datetime-local value (the browser's own time) as an ISO instant; undefined when empty or invalid. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The viewer's runs (or, with `all`, everyone's: the admin console), newest first, updated live
 * from `/api/runs/events`.
 */
export function RunsTable({ all = false }: { all?: boolean }) {
  const t = useTranslations("Runs");
  const tc = useTranslations("Compare");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormatter();
  const fmtDuration = useFormatDuration();
  const timeZone = useViewerTimeZone();
  const [status, setStatus] = useState<RunStatus | "">("");
  const [typed, setTyped] = useState({ task: "", text: "", owner: "", queue: "", from: "", to: "" });
  const [filters, setFilters] = useState(typed);
  /** A filter control's value and onChange, on the typed (not yet debounced) filters. */
  const bind = (key: keyof typeof typed) => ({
    value: typed[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setTyped({ ...typed, [key]: e.target.value }),
  });
  useEffect(() => {
    const t = setTimeout(() => setFilters(typed), 300);
    return () => clearTimeout(t);
  }, [typed]);
  const input = {
    limit: 25,
    all,
    ...(status ? { status: [status] } : {}),
    ...(filters.task.trim() ? { task: filters.task.trim() } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(all && filters.owner.trim() ? { owner: filters.owner.trim() } : {}),
    ...(filters.queue ? { queue: filters.queue as (typeof QUEUES)[number] } : {}),
    ...(toIso(filters.from) ? { createdAfter: toIso(filters.from)! } : {}),
    ...(toIso(filters.to) ? { createdBefore: toIso(filters.to)! } : {}),
  };
  const query = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(input, {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      staleTime: 0,
    }),
  );
  const queryKey = trpc.runs.list.infiniteQueryKey(input);
  // Which filters the rows on screen answer ("loading" while they are not yet the current ones' rows):
  // lets a reader — or a test — tell "no run matches" from "not loaded yet".
  const { limit: _limit, all: _all, ...applied } = input;
  const shownFor =
    query.isSuccess && !query.isPlaceholderData && !query.isFetching
      ? Object.entries(applied)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join("&")
      : "loading";
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const anyRunning = rows.some((r) => r.startedAt && !r.finishedAt);
  const now = useNow(1000, anyRunning);
  const ts = useTranslations("Run.status");
  const [bulkNote, setBulkNote] = useState<string | null>(null);
  const onBulk = {
    onSuccess: (r: { matched: number; changed: number }) => {
      setBulkNote(t("bulkDone", { changed: r.changed, matched: r.matched }));
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: (e: { message: string }) => setBulkNote(e.message),
  };
  const cancelMany = useMutation(trpc.runs.cancelMany.mutationOptions(onBulk));
  const redriveMany = useMutation(trpc.runs.redriveMany.mutationOptions(onBulk));
  const deleteMany = useMutation(trpc.runs.deleteMany.mutationOptions(onBulk));
  const deletable = status !== "" && isTerminal(status);
  const bulk =
    status && CANCELLABLE_STATUSES.includes(status)
      ? { label: t("cancelAll", { status: ts(status) }), run: () => cancelMany.mutate({ status: [status], all }) }
      : status === "failed" || status === "dead"
        ? { label: t("retryAll", { status: ts(status) }), run: () => redriveMany.mutate({ status: [status], all }) }
        : null;

  const { connected } = useLiveRunsList({ all, queryKey, status });
  const pick = usePicked();

  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Field label={t("filterStatus")} className="w-56">
          <StatusSelect id="status-filter" value={status} onChange={setStatus} allLabel={t("allStatuses")} />
        </Field>
        <Field label={t("filterTask")} className="w-44">
          <Input id="task-filter" maxLength={128} {...bind("task")} placeholder="forecast.when" />
        </Field>
        <Field label={t("filterText")} className="w-52">
          <Input id="text-filter" maxLength={100} {...bind("text")} />
        </Field>
        <Field label={t("filterQueue")} className="w-40">
          <Select id="queue-filter" {...bind("queue")}>
            <option value="">{t("allQueues")}</option>
            {QUEUES.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("filterFrom")} className="w-52">
          <Input id="from-filter" type="datetime-local" {...bind("from")} />
        </Field>
        <Field label={t("filterTo")} className="w-52">
          <Input id="to-filter" type="datetime-local" {...bind("to")} />
        </Field>
        {all && (
          <Field label={t("filterOwner")} className="w-52">
            <Input id="owner-filter" maxLength={254} {...bind("owner")} />
          </Field>
        )}
        {bulk && (
          <ConfirmButton
            variant="secondary"
            disabled={cancelMany.isPending || redriveMany.isPending}
            question={t("confirmBulk", { action: bulk.label })}
            onConfirm={() => bulk.run()}
          >
            {bulk.label}
          </ConfirmButton>
        )}
        {deletable && (
          <ConfirmButton
            variant="secondary"
            disabled={deleteMany.isPending}
            question={t("confirmBulk", { action: t("deleteAll", { status: ts(status) }) })}
            onConfirm={() => deleteMany.mutate({ status: [status], all })}
          >
            {t("deleteAll", { status: ts(status) })}
          </ConfirmButton>
        )}
        <CompareButton picked={pick.picked} />
        {bulkNote && (
          <span role="status" className="text-sm text-slate-700">
            {bulkNote}
          </span>
        )}
        <span className={connected ? "text-xs text-emerald-700" : "text-xs text-slate-500"} aria-live="polite">
          ● {connected ? t("live") : t("offline")}
        </span>
      </div>

      <Table data-testid="runs-table" data-shown-for={shownFor} aria-busy={shownFor === "loading"}>
        <TableHead
          columns={[
            { label: tc("compare"), srOnly: true, className: "w-8" },
            t("colTask"),
            ...(all ? [t("colOwner")] : []),
            t("colStatus"),
            { label: t("colProgress"), className: "w-48" },
            t("colCreated"),
            { label: t("colDuration"), numeric: true },
            { label: t("colAttempt"), numeric: true },
          ]}
        />
        <tbody>
          {rows.map((r) => {
            const created = parseTime(r.createdAt);
            const d = runDurationMs(r, now);
            // When a scheduled run starts (once the list carries runAt).
            const startsAt = r.status === "scheduled" ? parseTime(extrasOf(r).runAt) : null;
            return (
              <tr key={r.id} data-testid={`run-row-${r.id}`} className="hover:bg-slate-50">
                <Td>
                  <PickBox id={r.id} checked={pick.has(r.id)} onToggle={() => pick.toggle(r.id, r.task)} />
                </Td>
                <Td>
                  <Link href={`/runs/${r.id}`} className="font-mono text-indigo-700 hover:underline">
                    {r.task}
                  </Link>
                  <div className="font-mono text-[11px] text-slate-400">{r.id.slice(0, 8)}</div>
                </Td>
                {all && (
                  <Td className="text-slate-700" data-testid={`run-owner-${r.id}`}>
                    {r.ownerEmail ?? t("system")}
                  </Td>
                )}
                <Td>
                  <StatusBadge status={r.status} testId={`run-status-${r.id}`} />
                  {startsAt !== null && (
                    <div className="whitespace-nowrap text-[11px] text-slate-500">
                      {t("startsAt", {
                        time: format.dateTime(new Date(startsAt), { dateStyle: "short", timeStyle: "short", timeZone }),
                      })}
                    </div>
                  )}
                </Td>
                <Td>
                  <div className="flex items-center gap-2">
                    <ProgressBar
                      value={r.progress}
                      label={`${t("colProgress")} ${r.task}`}
                      size="sm"
                      tone={progressTone(r.status)}
                    />
                    <span className="w-11 shrink-0 whitespace-nowrap text-right text-xs tabular-nums text-slate-600">
                      {toPercent(r.progress)} %
                    </span>
                  </div>
                </Td>
                <Td className="whitespace-nowrap tabular-nums text-slate-700">
                  {created === null
                    ? "—"
                    : format.dateTime(new Date(created), { dateStyle: "short", timeStyle: "medium" })}
                </Td>
                <Td className="text-right tabular-nums text-slate-700">{d === null ? "—" : fmtDuration(d)}</Td>
                <Td className="text-right tabular-nums text-slate-700">
                  {r.attempt}/{r.maxAttempts}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>

      {query.isLoading && <p className="text-sm text-slate-500">{t("loadingMore")}</p>}
      {query.isError && (
        <p role="alert" className="text-sm text-red-700">
          {query.error.message}
        </p>
      )}
      {query.isSuccess && rows.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
      {query.hasNextPage && (
        <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t("loadingMore") : t("loadMore")}
        </Button>
      )}
    </Card>
  );
}

function StatusSelect({
  id,
  value,
  onChange,
  allLabel,
}: {
  id: string;
  value: RunStatus | "";
  onChange: (s: RunStatus | "") => void;
  allLabel: string;
}) {
  const ts = useTranslations("Run.status");
  return (
    <Select
      id={id}
      value={value}
      onChange={(e) =>
        onChange((RUN_STATUSES as readonly string[]).includes(e.target.value) ? (e.target.value as RunStatus) : "")
      }
    >
      <option value="">{allLabel}</option>
      {STATUS_ORDER.map((s) => (
        <option key={s} value={s}>
          {ts(s)}
        </option>
      ))}
    </Select>
  );
}
