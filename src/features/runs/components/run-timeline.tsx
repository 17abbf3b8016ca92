"use client";

import { useEffect, useRef } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunStatus } from "@/runs/status";

export interface TimelineEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

const TONE: Record<string, BadgeTone> = { status: "info", progress: "progress", log: "neutral", error: "danger" };

function str(x: unknown): string {
  return typeof x === "string" ? x : x == null ? "" : JSON.stringify(x);
}

/** The run's history: status changes, progress snapshots and logs, oldest first. */
export function RunTimeline({ events }: { events: TimelineEvent[] }) {
  const t = useTranslations("RunDetail");
  const ts = useTranslations("Run.status");
  const tp = useTranslations("Partial");
  const format = useFormatter();
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true); // follow new events while the user is at the bottom
  useEffect(() => {
    const el = list.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [events.length]);
  if (events.length === 0) return <p className="text-sm text-slate-500">{t("timelineEmpty")}</p>;

  const describe = (e: TimelineEvent): string => {
    const p = e.payload ?? {};
    if (e.type === "status") {
      const status = str(p.status) as RunStatus;
      const name = ts.has(status) ? ts(status) : status;
      const err = p.error && typeof p.error === "object" ? (p.error as { message?: unknown }).message : undefined;
      const base = p.reason
        ? t("eventStatusReason", { status: name, reason: str(p.reason) })
        : t("eventStatus", { status: name });
      return err ? `${base}: ${str(err)}` : base;
    }
    if (e.type === "progress") {
      const percent = Math.floor(Math.min(1, Math.max(0, Number(p.progress) || 0)) * 100);
      return [t("eventProgress", { percent }), str(p.stage), str(p.message)].filter(Boolean).join(" · ");
    }
    if (e.type === "log") return `[${str(p.level) || "info"}] ${str(p.message)}`;
    if (e.type === "partial") {
      const d = p.done as { count?: unknown; total?: unknown; unit?: unknown } | undefined;
      return d
        ? `${tp("title")} · ${format.number(Number(d.count))} / ${format.number(Number(d.total))} ${str(d.unit)}`
        : tp("title");
    }
    return str(p.message) || JSON.stringify(p);
  };

  return (
    <ol
      ref={list}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className="max-h-[28rem] space-y-1 overflow-auto text-sm"
      data-testid="run-timeline"
    >
      {events.map((e) => {
        const d = new Date(e.at);
        return (
          <li key={e.seq} className="flex items-baseline gap-3 border-b border-slate-100 py-1.5 last:border-0">
            <time dateTime={e.at} className="shrink-0 font-mono text-xs text-slate-500 tabular-nums">
              {Number.isNaN(d.getTime())
                ? e.at
                : format.dateTime(d, { hour: "2-digit", minute: "2-digit", second: "2-digit" })}
            </time>
            <Badge tone={TONE[e.type] ?? "neutral"} className="shrink-0">
              {e.type}
            </Badge>
            <span className="min-w-0 break-words text-slate-800">{describe(e)}</span>
          </li>
        );
      })}
    </ol>
  );
}
