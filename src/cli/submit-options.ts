/**
 * The enqueue options of `fluxo submit` as flags (--priority, --delay, --at, --idempotency-key,
 * --concurrency-key, --concurrency-limit), checked here so a bad value exits 2 naming the flag before
 * anything is sent; the server checks them again. The bounds are the server's ENQUEUE_LIMITS, from
 * their client-safe module (src/runs/enqueue-limits.ts): the CLI bundle does not carry server code.
 */
import { DAY_MS } from "@/domain/shared/dates";
import { ENQUEUE_LIMITS } from "@/runs/enqueue-limits";
import { CliError } from "./io";

export const SUBMIT_LIMITS = ENQUEUE_LIMITS;

/** The options as POST /api/v1/runs takes them. */
export interface SubmitOptions {
  priority?: number;
  delayMs?: number;
  runAt?: string;
  idempotencyKey?: string;
  concurrencyKey?: string;
  concurrencyLimit?: number;
}

export const SUBMIT_FLAGS = [
  "--priority",
  "--delay",
  "--at",
  "--idempotency-key",
  "--concurrency-key",
  "--concurrency-limit",
] as const;
export type SubmitFlag = (typeof SUBMIT_FLAGS)[number];

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** "30s", "5m", "2h", "1d", "250ms" or a bare number of milliseconds; null when it is none of them. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,12})(ms|s|m|h|d)?$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] ?? "ms"]! : null;
}

const usage = (message: string) => new CliError(`fluxo: ${message}`, 2);

function wholeWithin(flag: string, value: string, min: number, max: number): number {
  const n = /^[+-]?\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw usage(`${flag} must be a whole number within ${min}..${max}, got "${value}"`);
  return n;
}

function key(flag: string, value: string, max: number): string {
  if (
    value.length < 1 ||
    value.length > max ||
    [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  )
    throw usage(`${flag} must be 1..${max} characters, without control characters`);
  return value;
}

/** Set one flag's value on `o` (throws CliError exit 2 naming the flag when the value is wrong). */
export function applySubmitFlag(o: SubmitOptions, flag: SubmitFlag, value: string, now = Date.now()): void {
  const L = SUBMIT_LIMITS;
  switch (flag) {
    case "--priority":
      o.priority = wholeWithin(flag, value, L.priority.min, L.priority.max);
      return;
    case "--delay": {
      const ms = parseDuration(value);
      if (ms === null)
        throw usage(`--delay must be a duration such as 30s, 5m, 2h, 1d or milliseconds, got "${value}"`);
      if (ms > L.maxDelayMs) throw usage(`--delay must be at most 30 days, got "${value}"`);
      o.delayMs = ms;
      return;
    }
    case "--at": {
      // A date and a time; without a zone, this machine's local time.
      const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/i.test(value);
      const at = ok ? new Date(value) : null;
      if (!at || Number.isNaN(at.getTime()))
        throw usage(`--at must be an ISO 8601 date and time such as 2026-12-31T09:00Z, got "${value}"`);
      if (at.getTime() > now + L.maxDelayMs) throw usage(`--at must be within 30 days from now, got "${value}"`);
      o.runAt = at.toISOString();
      return;
    }
    case "--idempotency-key":
      o.idempotencyKey = key(flag, value, L.idempotencyKeyMaxLength);
      return;
    case "--concurrency-key":
      o.concurrencyKey = key(flag, value, L.concurrencyKeyMaxLength);
      return;
    case "--concurrency-limit":
      o.concurrencyLimit = wholeWithin(flag, value, L.concurrencyLimit.min, L.concurrencyLimit.max);
      return;
  }
}

/** The rules between flags. */
export function checkSubmitOptions(o: SubmitOptions): void {
  if (o.delayMs !== undefined && o.runAt !== undefined) throw usage("give one of --delay and --at, not both");
  if (o.concurrencyLimit !== undefined && o.concurrencyKey === undefined)
    throw usage("--concurrency-limit needs --concurrency-key");
}
