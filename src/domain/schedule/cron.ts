/**
 * Cron schedules in an IANA timezone (croner does the calendar and DST arithmetic): validation with
 * a reason a person can act on, the next fire times, and which slots are due at a tick under a
 * declared missed-slot policy. Pure: the clock is an argument.
 */
import { DAY_MS } from "../shared/calendar";
import { Refusal } from "../shared/errors";
import { Cron } from "croner";

export const MISSED_POLICIES = ["skip", "once", "backfill"] as const;
export type MissedPolicy = (typeof MISSED_POLICIES)[number];

/** A slot older than this at the tick that finds it was missed (downtime), not merely late. */
export const MISSED_GRACE_MS = 60_000;
/** How far back a tick looks for missed slots; older ones are skipped whatever the policy. */
export const MAX_LOOKBACK_MS = 31 * DAY_MS;
export const MAX_BACKFILL = 1000;

export class ScheduleError extends Refusal {
  readonly code = "BAD_REQUEST" as const;
  constructor(
    override readonly field: "cron" | "timezone",
    message: string,
  ) {
    super(message);
    this.name = "ScheduleError";
  }
}

let zones: Set<string> | undefined;
/** IANA zone names this runtime knows (Intl), plus UTC. */
export function isTimezone(tz: string): boolean {
  zones ??= new Set([...(Intl.supportedValuesOf?.("timeZone") ?? []), "UTC", "Etc/UTC"]);
  if (zones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

/** A parsed schedule; throws ScheduleError naming the field for anything that cannot fire. */
export function parseCron(expr: string, timezone: string, now: Date): Cron {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6)
    throw new ScheduleError(
      "cron",
      `cron must have 5 fields (minute hour day month weekday) or 6 with seconds first; it has ${fields.length}`,
    );
  if (!isTimezone(timezone))
    throw new ScheduleError("timezone", `timezone "${timezone}" is not an IANA timezone such as America/Sao_Paulo`);
  let c: Cron;
  try {
    c = new Cron(fields.join(" "), { timezone, paused: true });
  } catch (e) {
    throw new ScheduleError("cron", `cron is not valid: ${(e as Error).message.replace(/^CronPattern: /, "")}`);
  }
  if (!c.nextRun(now)) throw new ScheduleError("cron", "cron never fires (e.g. 30 February): no date matches it");
  return c;
}

/** The next `n` fire times after `after`. */
export function nextFires(expr: string, timezone: string, after: Date, n: number): Date[] {
  return parseCron(expr, timezone, after).nextRuns(n, after);
}

export interface DueSlots {
  /** Slots to materialise into runs now, oldest first. */
  fire: Date[];
  /** Slots passed over (missed, by policy). */
  skipped: number;
  /** The latest slot dealt with: the next tick starts after it. */
  lastSlotAt: Date | null;
  nextRunAt: Date | null;
}

/**
 * What a tick at `now` must do for a schedule whose last dealt-with slot is `lastSlotAt` (or that
 * was created/enabled at `since`). On time (within MISSED_GRACE_MS) a slot always fires; slots
 * missed during downtime follow the policy: skip them, fire the latest once, or backfill each
 * (the most recent `maxBackfill`).
 */
export function dueSlots(
  s: {
    cron: string;
    timezone: string;
    missedPolicy: MissedPolicy;
    maxBackfill: number;
    lastSlotAt: Date | null;
    since: Date;
  },
  now: Date,
): DueSlots {
  const c = parseCron(s.cron, s.timezone, now);
  const from = new Date(Math.max((s.lastSlotAt ?? s.since).getTime(), now.getTime() - MAX_LOOKBACK_MS));
  const due: Date[] = [];
  let skipped = 0;
  for (let t = c.nextRun(from); t && t <= now; t = c.nextRun(t)) {
    due.push(t);
    if (due.length > MAX_BACKFILL + 1) {
      due.shift();
      skipped++;
    }
  }
  const onTime = due.filter((t) => now.getTime() - t.getTime() <= MISSED_GRACE_MS);
  const missed = due.filter((t) => now.getTime() - t.getTime() > MISSED_GRACE_MS);
  let fire: Date[];
  if (missed.length === 0) fire = onTime;
  else if (s.missedPolicy === "skip") fire = onTime;
  else if (s.missedPolicy === "once") fire = onTime.length ? onTime : [missed[missed.length - 1]!];
  else fire = [...missed.slice(-Math.max(0, s.maxBackfill)), ...onTime];
  skipped += due.length - fire.length;
  return { fire, skipped, lastSlotAt: due.length ? due[due.length - 1]! : s.lastSlotAt, nextRunAt: c.nextRun(now) };
}
