"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";

/** The current time, ticking every `ms` (for ETAs and running durations). */
export function useNow(ms = 1000, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, enabled]);
  return now;
}

/** "12 s", "3 min 5 s", "1 h 2 min" in the current locale. */
export function useFormatDuration(): (ms: number) => string {
  const t = useTranslations("Duration");
  return (ms: number) => {
    const total = Math.max(0, Math.round(ms / 1000));
    if (total < 60) return t("seconds", { s: total });
    if (total < 3600) return t("minutes", { m: Math.floor(total / 60), s: total % 60 });
    return t("hours", { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60) });
  };
}

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Duration of a run: start (or creation) to finish (or now while it runs). */
export function runDurationMs(
  r: { createdAt: string; startedAt: string | null; finishedAt: string | null },
  now: number,
): number | null {
  const start = parseTime(r.startedAt);
  if (start === null) return null;
  const end = parseTime(r.finishedAt) ?? now;
  return Math.max(0, end - start);
}

/** What the run page shows about how a run was enqueued; null when the server did not send it. */
export interface RunExtras {
  /** When a delayed run may start (ISO). */
  runAt: string | null;
  priority: number | null;
  concurrencyKey: string | null;
  concurrencyLimit: number | null;
  idempotencyKey: string | null;
  /** The run's OpenTelemetry trace id (null when tracing was off at its submit). */
  traceId: string | null;
}

/**
 * The enqueue fields of a fetched run, read defensively: `runs.get` gains them (runAt,
 * concurrencyKey, idempotencyKey…) independently of this UI, so each may be absent.
 */
export function extrasOf(run: object | null | undefined): RunExtras {
  const r = (run ?? {}) as Record<string, unknown>;
  const text = (k: string) => {
    const v = r[k];
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    return typeof v === "string" && v ? v : null;
  };
  const num = (k: string) => (typeof r[k] === "number" && Number.isFinite(r[k]) ? (r[k] as number) : null);
  return {
    runAt: text("runAt"),
    priority: num("priority"),
    concurrencyKey: text("concurrencyKey"),
    concurrencyLimit: num("concurrencyLimit"),
    idempotencyKey: text("idempotencyKey"),
    traceId: text("traceId"),
  };
}

/**
 * The start time a run was scheduled for, from its history: a delayed run's first status event
 * (`scheduled`) carries `runAt`. Null for a run that was not delayed.
 */
export function scheduledRunAt(events: readonly { type: string; payload: unknown }[] | undefined): string | null {
  for (const e of events ?? []) {
    if (e.type !== "status") continue;
    const p = (e.payload ?? {}) as Record<string, unknown>;
    if (p.status === "scheduled" && typeof p.runAt === "string" && parseTime(p.runAt) !== null) return p.runAt;
  }
  return null;
}
