/** The console overview: queues at a glance, runs ended per hour (last day), runtimes per task. */
import { queueOverview, taskRuntimes, throughputByHour } from "@/runs/overview.repository";

export async function overview(now = new Date()) {
  const [queues, hours, tasks] = await Promise.all([queueOverview(), throughputByHour(24), taskRuntimes()]);
  // Every hour of the last day, zeros included, so the chart's axis is honest.
  const byHour = new Map(hours.map((h) => [h.hour.getTime(), h]));
  const start = new Date(now);
  start.setUTCMinutes(0, 0, 0);
  const series = Array.from({ length: 24 }, (_, i) => {
    const t = start.getTime() - (23 - i) * 3_600_000;
    const h = byHour.get(t);
    return { hour: new Date(t).toISOString(), succeeded: h?.succeeded ?? 0, failed: h?.failed ?? 0 };
  });
  const last = series[series.length - 1]!;
  const day = series.reduce((a, h) => ({ succeeded: a.succeeded + h.succeeded, failed: a.failed + h.failed }), {
    succeeded: 0,
    failed: 0,
  });
  const rate = (x: { succeeded: number; failed: number }) =>
    x.succeeded + x.failed > 0 ? x.failed / (x.succeeded + x.failed) : null;
  return {
    queues,
    hours: series,
    lastHour: { ...last, failureRate: rate(last) },
    lastDay: { ...day, failureRate: rate(day) },
    tasks,
    at: now.toISOString(),
  };
}
export type OverviewDto = Awaited<ReturnType<typeof overview>>;
