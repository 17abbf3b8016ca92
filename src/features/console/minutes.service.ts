/**
 * The console's minute-by-minute view: runs started / ended / failed and queue-wait p50 / p95 per
 * minute for the last `hours` (≤ 24), for one queue, one task or all — read from the rollup table
 * (src/runs/minute-stats.ts), every minute present (zeros included) so the axis is honest.
 */
import { emptyHistogram, histogramQuantile, WAIT_BUCKET_COUNT } from "@/domain/console/wait-histogram";
import { minuteStatsSubjects, readMinuteStats } from "@/runs/minute-stats.repository";
import type { TMinutesInput } from "./console.schemas";

export async function minutes(input: TMinutesInput, now = new Date()) {
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const count = input.hours * 60;
  const since = new Date(end - (count - 1) * 60_000);
  const [rows, subjects] = await Promise.all([
    readMinuteStats(since, { queue: input.queue ?? null, task: input.task ?? null }),
    minuteStatsSubjects(since),
  ]);
  const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r]));
  const total = emptyHistogram();
  const series = Array.from({ length: count }, (_, i) => {
    const t = since.getTime() + i * 60_000;
    const r = byMinute.get(t);
    const h = r?.waitMs?.length === WAIT_BUCKET_COUNT ? r.waitMs : null;
    if (h) h.forEach((c, k) => (total[k]! += c));
    return {
      minute: new Date(t).toISOString(),
      started: r?.started ?? 0,
      ended: r?.ended ?? 0,
      failed: r?.failed ?? 0,
      waitP50Ms: h ? histogramQuantile(h, 0.5) : null,
      waitP95Ms: h ? histogramQuantile(h, 0.95) : null,
    };
  });
  const sum = (k: "started" | "ended" | "failed") => series.reduce((a, m) => a + m[k], 0);
  return {
    hours: input.hours,
    queue: input.queue ?? null,
    task: input.task ?? null,
    minutes: series,
    totals: {
      started: sum("started"),
      ended: sum("ended"),
      failed: sum("failed"),
      waitP50Ms: histogramQuantile(total, 0.5),
      waitP95Ms: histogramQuantile(total, 0.95),
    },
    queues: subjects.queues,
    tasks: subjects.tasks,
    at: now.toISOString(),
  };
}
export type MinutesDto = Awaited<ReturnType<typeof minutes>>;
