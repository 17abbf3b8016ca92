"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import { ProgressBar, toPercent } from "@/components/ui/progress-bar";
import { useViewerTimeZone } from "@/components/ui/run-options-fields";
import type { useRunStream } from "../hooks/use-run-stream";
import { isCancellable } from "../hooks/run-state";
import { CancelButton } from "./cancel-button";
import { RedriveButton } from "./redrive-button";
import { extrasOf, parseTime, scheduledRunAt, useFormatDuration, useNow } from "./format";
import { progressTone, StatusBadge } from "./status-badge";
import { useTRPC } from "@/trpc/react";

export type LiveRun = ReturnType<typeof useRunStream>;

/** Status, live progress, ETA and Cancel for one run; `children` shows below (e.g. the result). */
export function RunPanel({
  runId,
  live,
  showRunLink = true,
  showError = true,
  children,
}: {
  runId: string;
  live: LiveRun;
  showRunLink?: boolean;
  showError?: boolean;
  children?: ReactNode;
}) {
  const t = useTranslations("Run");
  const tc = useTranslations("Common");
  const s = live.state;
  const running = !!s && !live.isTerminal;
  const scheduled = s?.status === "scheduled";
  const now = useNow(1000, running && (!!s?.etaAt || scheduled));
  const fmtDuration = useFormatDuration();

  if (live.error && !s) {
    const notFound = (live.error as { data?: { code?: string } }).data?.code === "NOT_FOUND";
    return (
      <Card data-testid="run-panel">
        <p role="alert" className="text-sm text-red-700">
          {notFound ? t("notFound", { id: runId }) : tc("unexpectedError", { message: live.error.message })}
        </p>
      </Card>
    );
  }
  if (!s) {
    return (
      <Card data-testid="run-panel" aria-busy="true">
        <p className="text-sm text-slate-500">{tc("loading")}</p>
      </Card>
    );
  }

  const percent = toPercent(s.progress);
  const eta = parseTime(s.etaAt);
  const etaText =
    !running || scheduled
      ? null
      : eta !== null
        ? t("eta", { time: fmtDuration(Math.max(0, eta - now)) })
        : s.status === "running"
          ? t("etaUnknown")
          : null;
  return (
    <Card data-testid="run-panel" aria-live="polite" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <div className="flex items-center gap-2">
            <h2 className="text-base font-semibold">{t("panelTitle")}</h2>
            <StatusBadge status={s.status} />
          </div>
          <p className="font-mono text-xs text-slate-500">{runId}</p>
        </div>
        {s.status === "failed" || s.status === "dead" ? (
          <RedriveButton runId={runId} />
        ) : (
          <CancelButton runId={runId} disabled={!isCancellable(s.status)} />
        )}
      </div>

      <div className="space-y-2">
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="font-medium tabular-nums">{percent} %</span>
          <span className="text-slate-500" data-testid="run-eta">
            {etaText}
          </span>
        </div>
        <ProgressBar
          value={s.progress}
          label={t("progress")}
          valueText={s.stage ? t("progressText", { percent, stage: s.stage }) : `${percent} %`}
          tone={progressTone(s.status)}
        />
        {scheduled && <ScheduledStart runId={runId} runAt={extrasOf(live.run).runAt} now={now} />}
        <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600">
          <span data-testid="run-stage">
            {running && s.stage ? `${t("stage")}: ${s.stage}` : null}
            {running && s.message ? ` — ${s.message}` : null}
          </span>
          {live.run && <span>{t("attempt", { attempt: Math.max(1, s.attempt), max: live.run.maxAttempts })}</span>}
        </div>
        {live.stream === "reconnecting" && <p className="text-xs text-amber-700">{t("streamReconnecting")}</p>}
      </div>

      {showError && s.error && (s.status === "failed" || s.status === "dead" || s.status === "retrying") && (
        <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          <span className="font-semibold">{t("errorTitle")}:</span> {s.error.name}: {s.error.message}
        </div>
      )}

      {children}

      {showRunLink && (
        <p className="text-sm">
          <Link href={`/runs/${runId}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            {t("openRun")} →
          </Link>
        </p>
      )}
    </Card>
  );
}

/**
 * "Starts <when> (in 14 minutes)" in the viewer's locale and time zone, for a run waiting for its
 * time. The run's runAt, or (a server that does not send it yet) its first event's.
 */
export function ScheduledStart({ runId, runAt, now }: { runId: string; runAt: string | null; now: number }) {
  const t = useTranslations("Run");
  const format = useFormatter();
  const timeZone = useViewerTimeZone();
  const trpc = useTRPC();
  const events = useQuery({ ...trpc.runs.events.queryOptions({ id: runId }), enabled: runAt === null });
  const at = parseTime(runAt ?? scheduledRunAt(events.data));
  return (
    <p className="text-sm text-slate-700" data-testid="run-starts-at">
      {at === null
        ? t("startsLater")
        : at > now
          ? t("startsAt", {
              time: format.dateTime(new Date(at), { dateStyle: "medium", timeStyle: "short", timeZone }),
              relative: format.relativeTime(at, now),
            })
          : t("startsDue", {
              time: format.dateTime(new Date(at), { dateStyle: "medium", timeStyle: "short", timeZone }),
            })}
    </p>
  );
}
