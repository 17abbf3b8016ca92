/** The schedule form's draft: what the fields hold as typed, its defaults and the task examples. */
import type { z } from "zod";
import type { ZCreateSchedule, ZUpdateSchedule } from "../schedules.schemas";

/** What the form sends: a new schedule's fields, or those and the edited one's id. */
export type TScheduleBody = z.output<typeof ZCreateSchedule> | z.output<typeof ZUpdateSchedule>;

export const TASK_EXAMPLES: Record<string, string> = {
  "forecast.when": JSON.stringify({ samples: [3, 5, 4, 6, 2, 5], backlog: 40 }, null, 2),
  "forecast.howMany": JSON.stringify({ samples: [3, 5, 4, 6, 2, 5], periods: 8 }, null, 2),
  "forecast.backtest": JSON.stringify({ samples: [3, 5, 4, 6, 2, 5, 4, 3, 6, 5, 2, 4, 5, 3], backlog: 10 }, null, 2),
  "runs.cleanup": "{}",
  // Relative days: each run computes the 7 days ending yesterday in the place's zone.
  "eto.compute": JSON.stringify({ latitude: -23.55, longitude: -46.63, elevation: 760, lastDays: 7 }, null, 2),
};

export type Draft = {
  name: string;
  cron: string;
  timezone: string;
  task: string;
  input: string;
  missedPolicy: "skip" | "once" | "backfill";
  maxBackfill: string;
};
export const EMPTY: Draft = {
  name: "",
  cron: "0 6 * * 1-5",
  timezone: "America/Sao_Paulo",
  task: "forecast.when",
  input: TASK_EXAMPLES["forecast.when"]!,
  missedPolicy: "once",
  maxBackfill: "10",
};

export const DRAFT_FIELDS = ["name", "cron", "timezone", "task", "input", "missedPolicy", "maxBackfill"] as const;

/** The JSON typed in the input box, or undefined when it is not JSON. */
export function parseInput(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text || "{}") };
  } catch {
    return { ok: false };
  }
}
