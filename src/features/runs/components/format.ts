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
