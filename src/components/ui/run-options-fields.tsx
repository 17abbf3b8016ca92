"use client";

/**
 * The folded "Run options" of a form that starts a run: priority (Low / Normal / High or a number)
 * and when to start (now, after N minutes, at a date and time in the viewer's time zone). The
 * state lives in `useRunOptions()`, so any form — react-hook-form or not — can hold it and send
 * `resolve()`'s options with its input; the fields show its errors (the browser's checks and the
 * server's messages for priority / delayMs / runAt).
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useFormatter, useTimeZone, useTranslations } from "next-intl";
import { Field } from "./field";
import { Input, Select } from "./input";
import {
  DEFAULT_RUN_OPTIONS,
  instantToZoned,
  isDefaultRunOptions,
  MAX_DELAY_MINUTES,
  PRIORITY_PRESETS,
  resolveRunOptions,
  RUN_OPTION_LIMITS,
  zonedToInstant,
  type PriorityChoice,
  type RunOptionsField,
  type RunOptionsInput,
  type RunOptionsIssue,
  type RunOptionsValue,
  type StartChoice,
} from "./run-options";

/** The viewer's own time zone (the browser's), once on the client; the app's configured one before. */
export function useViewerTimeZone(): string {
  const configured = useTimeZone() ?? "UTC";
  const [zone, setZone] = useState(configured);
  useEffect(() => {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (own) setZone(own);
  }, []);
  return zone;
}

/** An issue in the viewer's language (`t`: the RunOptions messages). */
export function issueMessage(t: (key: string, values?: Record<string, number>) => string, i: RunOptionsIssue): string {
  return i.code === "priorityRange" || i.code === "minutesRange" ? t(i.code, { min: i.min, max: i.max }) : t(i.code);
}

const FIELDS: readonly RunOptionsField[] = ["priority", "delayMs", "runAt"];
const isField = (f: string): f is RunOptionsField => (FIELDS as readonly string[]).includes(f);

export type RunOptionsState = ReturnType<typeof useRunOptions>;

/** The run options' state: values, errors, open or folded, and `resolve()` at submit time. */
export function useRunOptions(initial: Partial<RunOptionsValue> = {}) {
  const t = useTranslations("RunOptions");
  const timeZone = useViewerTimeZone();
  const idBase = useId();
  const [value, setValueState] = useState<RunOptionsValue>({ ...DEFAULT_RUN_OPTIONS, ...initial });
  const [errors, setErrors] = useState<Partial<Record<RunOptionsField, string>>>({});
  const [open, setOpen] = useState(!isDefaultRunOptions({ ...DEFAULT_RUN_OPTIONS, ...initial }));
  const ids = useMemo(
    () => ({ priority: `${idBase}-priority`, delayMs: `${idBase}-minutes`, runAt: `${idBase}-at` }),
    [idBase],
  );

  const messageOf = useCallback((i: RunOptionsIssue) => issueMessage(t, i), [t]);

  /** A change clears the changed options' errors (they are checked again at submit). */
  const setValue = useCallback(
    (next: RunOptionsValue) => {
      const changed = (Object.keys(next) as (keyof RunOptionsValue)[]).filter((k) => next[k] !== value[k]);
      setValueState(next);
      if (!changed.length) return;
      setErrors((e) => {
        const out = { ...e };
        if (changed.some((k) => k === "priority" || k === "customPriority")) delete out.priority;
        if (changed.some((k) => k === "start" || k === "inMinutes")) delete out.delayMs;
        if (changed.some((k) => k === "start" || k === "at")) delete out.runAt;
        return out;
      });
    },
    [value],
  );

  const focus = useCallback(
    (field: RunOptionsField) => {
      setOpen(true);
      setTimeout(() => document.getElementById(ids[field])?.focus(), 0);
    },
    [ids],
  );

  const firstError = useRef<RunOptionsField | null>(null);
  /**
   * The options to send with the input, checked now in the viewer's time zone; null when one is
   * wrong (its error shown beside it, and focused unless `focus: false` — see focusError).
   */
  const resolve = useCallback(
    (o: { now?: number; focus?: boolean } = {}): RunOptionsInput | null => {
      const r = resolveRunOptions(value, { now: o.now ?? Date.now(), timeZone });
      if (r.ok) {
        firstError.current = null;
        setErrors({});
        return r.input;
      }
      setErrors(Object.fromEntries(r.issues.map((i) => [i.field, messageOf(i)])));
      firstError.current = r.issues[0]!.field;
      if (o.focus !== false) focus(firstError.current);
      else setOpen(true);
      return null;
    },
    [value, timeZone, messageOf, focus],
  );
  /** Focus the option the last resolve() refused (when the rest of the form had nothing to focus first). */
  const focusError = useCallback(() => {
    if (firstError.current) focus(firstError.current);
  }, [focus]);

  /** A server field error (`error.data.fields`): shown beside the option when `path` is one; false otherwise. */
  const placeServerError = useCallback(
    (path: string, message: string, shouldFocus = false): boolean => {
      const field = path.split(".")[0] ?? "";
      if (!isField(field)) return false;
      setErrors((e) => ({ ...e, [field]: message }));
      if (shouldFocus) focus(field);
      else setOpen(true);
      return true;
    },
    [focus],
  );

  return { value, setValue, errors, open, setOpen, timeZone, ids, resolve, focusError, placeServerError };
}

const PRIORITY_CHOICES: readonly PriorityChoice[] = ["low", "normal", "high", "custom"];
const START_CHOICES: readonly StartChoice[] = ["now", "in", "at"];

/** A sensible first "at": about an hour from now, on a 5-minute mark, in the viewer's zone. */
const firstAt = (now: number, timeZone: string) =>
  instantToZoned(Math.ceil((now + 3_600_000) / 300_000) * 300_000, timeZone);

/** The folded section; `state` from useRunOptions(). */
export function RunOptionsFields({ state, testId = "run-options" }: { state: RunOptionsState; testId?: string }) {
  const t = useTranslations("RunOptions");
  const format = useFormatter();
  const { value, setValue, errors, open, setOpen, timeZone, ids } = state;
  const P = RUN_OPTION_LIMITS.priority;
  const set = <K extends keyof RunOptionsValue>(k: K, v: RunOptionsValue[K]) => setValue({ ...value, [k]: v });

  // The datetime input's bounds, from the moment "at" is chosen (never in the server render).
  const [bounds, setBounds] = useState<{ min: string; max: string } | null>(null);
  useEffect(() => {
    if (value.start !== "at") return;
    const now = Date.now();
    setBounds({
      min: instantToZoned(now, timeZone),
      max: instantToZoned(now + RUN_OPTION_LIMITS.maxDelayMs, timeZone),
    });
  }, [value.start, timeZone]);

  const chooseStart = (start: StartChoice) =>
    setValue({ ...value, start, at: start === "at" && !value.at ? firstAt(Date.now(), timeZone) : value.at });

  const summary = [
    value.priority !== "normal" &&
      t("summaryPriority", {
        priority: value.priority === "custom" ? value.customPriority.trim() || "?" : PRIORITY_PRESETS[value.priority],
      }),
    value.start === "in" && t("summaryIn", { minutes: value.inMinutes.trim() || "?" }),
    value.start === "at" && t("summaryAt", { time: summaryAt(value.at, timeZone, format) }),
  ].filter(Boolean);
  const unplaced = [
    value.priority !== "custom" && errors.priority,
    value.start !== "in" && errors.delayMs,
    value.start !== "at" && errors.runAt,
  ].filter((e): e is string => typeof e === "string");

  return (
    <details
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="rounded-md border border-slate-200 bg-slate-50/60 p-3"
      data-testid={testId}
    >
      <summary className="cursor-pointer select-none text-sm font-medium text-slate-800">
        {t("title")}
        {summary.length > 0 && <span className="font-normal text-slate-600"> · {summary.join(" · ")}</span>}
      </summary>
      <div className="mt-3 space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("priority")} hint={t("priorityHint")}>
            <Select value={value.priority} onChange={(e) => set("priority", e.target.value as PriorityChoice)}>
              {PRIORITY_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {c === "custom" ? t("priorityCustom") : t(`priority_${c}`, { n: PRIORITY_PRESETS[c] })}
                </option>
              ))}
            </Select>
          </Field>
          {value.priority === "custom" && (
            <Field
              id={ids.priority}
              label={t("customPriority")}
              hint={t("customPriorityHint", { min: P.min, max: P.max })}
              error={errors.priority}
            >
              <Input
                inputMode="numeric"
                value={value.customPriority}
                onChange={(e) => set("customPriority", e.target.value)}
              />
            </Field>
          )}
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">{t("start")}</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {START_CHOICES.map((c) => (
              <label key={c} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="radio"
                  name={`${ids.runAt}-start`}
                  value={c}
                  checked={value.start === c}
                  onChange={() => chooseStart(c)}
                  className="size-4 accent-indigo-600"
                />
                {t(`start_${c}`)}
              </label>
            ))}
          </div>
          {value.start === "in" && (
            <Field
              id={ids.delayMs}
              label={t("minutes")}
              hint={t("minutesHint", { max: MAX_DELAY_MINUTES })}
              error={errors.delayMs}
              className="max-w-48"
            >
              <Input inputMode="numeric" value={value.inMinutes} onChange={(e) => set("inMinutes", e.target.value)} />
            </Field>
          )}
          {value.start === "at" && (
            <Field
              id={ids.runAt}
              label={t("dateTime")}
              hint={t("dateTimeHint", { zone: timeZone })}
              error={errors.runAt}
              className="max-w-64"
            >
              <Input
                type="datetime-local"
                step={60}
                min={bounds?.min}
                max={bounds?.max}
                value={value.at}
                onChange={(e) => set("at", e.target.value)}
              />
            </Field>
          )}
        </fieldset>
        {unplaced.map((m) => (
          <p key={m} role="alert" className="text-xs font-medium text-red-700">
            {m}
          </p>
        ))}
      </div>
    </details>
  );
}

/** The chosen "at" in the viewer's locale (and zone), or "?" while it is not a date and time. */
function summaryAt(at: string, timeZone: string, format: ReturnType<typeof useFormatter>): string {
  const ms = at ? zonedToInstant(at, timeZone) : null;
  return ms === null ? "?" : format.dateTime(new Date(ms), { dateStyle: "short", timeStyle: "short", timeZone });
}
