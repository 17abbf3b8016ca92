"use client";

import Link from "next/link";
import { useCallback, useMemo, useState, type ComponentType } from "react";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { useViewerTimeZone } from "@/components/ui/run-options-fields";
import type { RunMessage } from "@/runs/events";
import { hasSteps } from "@/runs/workflow-spec";
import { useTRPC } from "@/trpc/react";
import { useRunStream } from "../hooks/use-run-stream";
import { extrasOf, parseTime, runDurationMs, scheduledRunAt, useFormatDuration, useNow } from "./format";
import { JsonView } from "./json-view";
import { PartialResult, type PartialView } from "./partial-result";
import { ProvenanceCard } from "./provenance";
import { RerunBar } from "./rerun";
import { RunPanel } from "./run-panel";
import { RunTimeline, type TimelineEvent } from "./run-timeline";

/** The run's trace id (OpenTelemetry), with a button that copies it (to paste in the tracing UI). */
function TraceId({ traceId }: { traceId: string }) {
  const t = useTranslations("RunDetail");
  const [copied, setCopied] = useState(false);
  return (
    <div data-testid="run-trace-id" className="col-span-2">
      <dt className="text-slate-500">{t("trace")}</dt>
      <dd className="flex items-center gap-2">
        <code className="break-all font-mono text-xs">{traceId}</code>
        <button
          type="button"
          className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50"
          aria-label={t("traceCopyLabel")}
          onClick={() => void navigator.clipboard?.writeText(traceId).then(() => setCopied(true))}
        >
          {copied ? t("traceCopied") : t("traceCopy")}
        </button>
      </dd>
    </div>
  );
}

function toTimelineEvent(m: RunMessage): TimelineEvent | null {
  if (m.seq === undefined) return null; // ephemeral progress is not part of the history
  const { type, seq, at, runId: _runId, ...payload } = m;
  return { seq, type, at, payload };
}

/** A task's own view of a succeeded run's result (null when the task has none). */
export type ResultView = ComponentType<{ task: string; input: unknown; result: unknown; runId: string }>;
/** A workflow run's steps. */
export type StepsView = ComponentType<{ parentId: string; live: boolean }>;
/** "Edit and rerun": the task's form prefilled from the run, or null when the task has no form. */
export type RerunHrefOf = (run: { id: string; task: string; input?: unknown }) => string | null;

/**
 * Everything about one run, live: status, progress, input, result, error, timeline. The slices that
 * own tasks give their result views (and the workflows slice its steps view) through the page that
 * composes this one (src/app/runs/[id]), so this slice knows no task of theirs.
 */
export function RunDetail({
  id,
  ResultView,
  StepsView,
  partialViewOf,
  rerunHrefOf,
}: {
  id: string;
  ResultView: ResultView;
  StepsView: StepsView;
  /** A task's own view of its partial result (ctx.partial), if it has one; else it is shown as JSON. */
  partialViewOf?: (task: string) => PartialView | undefined;
  /** The task-owning slices' forms, for "Edit and rerun". */
  rerunHrefOf?: RerunHrefOf;
}) {
  const t = useTranslations("RunDetail");
  const trpc = useTRPC();
  const format = useFormatter();
  const fmtDuration = useFormatDuration();
  const timeZone = useViewerTimeZone();
  const history = useQuery({ ...trpc.runs.events.queryOptions({ id }), staleTime: 0 });
  const [liveEvents, setLiveEvents] = useState<TimelineEvent[]>([]);
  const onMessage = useCallback((m: RunMessage) => {
    const e = toTimelineEvent(m);
    if (e) setLiveEvents((prev) => (prev.some((x) => x.seq === e.seq) ? prev : [...prev, e]));
  }, []);
  const live = useRunStream(id, { onMessage });
  const run = live.run;
  const now = useNow(1000, !!run && !live.isTerminal);

  const events = useMemo(() => {
    const bySeq = new Map<number, TimelineEvent>();
    for (const e of history.data ?? []) bySeq.set(e.seq, e as TimelineEvent);
    for (const e of liveEvents) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }, [history.data, liveEvents]);

  const when = (iso: string | null | undefined) => {
    const ms = parseTime(iso);
    return ms === null ? "—" : format.dateTime(new Date(ms), { dateStyle: "short", timeStyle: "medium", timeZone });
  };
  const extras = extrasOf(run);
  // While it waits, the run's own runAt; afterwards (a retry moves runAt) the time it was scheduled for.
  const firstRunAt = scheduledRunAt(history.data);
  const scheduledFor = live.state?.status === "scheduled" ? (extras.runAt ?? firstRunAt) : firstRunAt;
  const duration = run ? runDurationMs(run, now) : null;
  const error = run?.error ?? live.state?.error ?? null;
  const showError = !!error && !!live.state && ["failed", "dead", "retrying"].includes(live.state.status);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/runs" className="text-indigo-700 hover:underline">
          ← {t("backToRuns")}
        </Link>
      </p>

      <RunPanel runId={id} live={live} showRunLink={false} showError={false} />

      {run && <RerunBar run={run} rerunHref={rerunHrefOf?.(run) ?? null} />}

      {run?.parentId && (
        <p className="text-sm">
          <Link href={`/runs/${run.parentId}`} className="text-indigo-700 hover:underline" data-testid="parent-link">
            {t("partOf")}
          </Link>
        </p>
      )}
      {run && hasSteps(run) && <StepsView parentId={id} live={!live.isTerminal} />}

      {run && (
        <Card>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-5">
            <div>
              <dt className="text-slate-500">{t("task")}</dt>
              <dd className="font-mono">{run.task}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("created")}</dt>
              <dd className="tabular-nums">{when(run.createdAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("started")}</dt>
              <dd className="tabular-nums">{when(run.startedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("finished")}</dt>
              <dd className="tabular-nums">{when(run.finishedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("duration")}</dt>
              <dd className="tabular-nums">{duration === null ? "—" : fmtDuration(duration)}</dd>
            </div>
            {scheduledFor && (
              <div data-testid="run-at">
                <dt className="text-slate-500">{t("runAt")}</dt>
                <dd className="tabular-nums">{when(scheduledFor)}</dd>
              </div>
            )}
            {!!extras.priority && (
              <div data-testid="run-priority">
                <dt className="text-slate-500">{t("priority")}</dt>
                <dd className="tabular-nums">{format.number(extras.priority)}</dd>
              </div>
            )}
            {extras.concurrencyKey && (
              <div data-testid="run-concurrency-key">
                <dt className="text-slate-500">{t("concurrencyKey")}</dt>
                <dd className="break-all font-mono">
                  {extras.concurrencyLimit === null
                    ? extras.concurrencyKey
                    : t("concurrencyLimit", { key: extras.concurrencyKey, limit: extras.concurrencyLimit })}
                </dd>
              </div>
            )}
            {extras.idempotencyKey && (
              <div data-testid="run-idempotency-key">
                <dt className="text-slate-500">{t("idempotencyKey")}</dt>
                <dd className="break-all font-mono">{extras.idempotencyKey}</dd>
              </div>
            )}
            {extras.traceId && <TraceId traceId={extras.traceId} />}
          </dl>
        </Card>
      )}

      {showError && error && (
        <Card className="border-red-200">
          <CardHeader title={t("error")} />
          <p role="alert" className="mb-3 text-sm font-medium text-red-800">
            {error.name}: {error.message}
          </p>
          {"stack" in error && typeof error.stack === "string" && error.stack && (
            <details open>
              <summary className="cursor-pointer text-sm text-slate-600">{t("stack")}</summary>
              <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md bg-red-50 p-3 font-mono text-xs text-red-900">
                {error.stack}
              </pre>
            </details>
          )}
        </Card>
      )}

      {run && live.state?.partial && !(run.status === "succeeded" && run.result != null) && (
        <PartialResult
          task={run.task}
          input={run.input}
          partial={live.state.partial}
          status={live.state.status}
          View={partialViewOf?.(run.task)}
        />
      )}

      {run?.status === "succeeded" && run.result != null && (
        <Card>
          <CardHeader title={t("result")} />
          <ResultView task={run.task} input={run.input} result={run.result} runId={run.id} />
          <details open>
            <summary className="mb-2 cursor-pointer text-sm font-medium text-slate-700">{t("resultJson")}</summary>
            <JsonView value={run.result} label={t("resultJson")} />
          </details>
        </Card>
      )}

      {run?.provenance && <ProvenanceCard provenance={run.provenance} cachedFromId={run.cachedFromId} />}

      <div className="grid gap-6 lg:grid-cols-2">
        {run && (
          <Card className="min-w-0">
            <CardHeader title={t("input")} />
            <JsonView value={run.input} label={t("input")} />
          </Card>
        )}
        <Card className="min-w-0">
          <CardHeader title={t("timeline")} />
          <RunTimeline events={events} />
        </Card>
      </div>
    </div>
  );
}
