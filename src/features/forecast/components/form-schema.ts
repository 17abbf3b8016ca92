/**
 * The forecast form as the user types it (strings), turned into the task input and checked by
 * the very schema the server uses (ZForecastWhenInput). Issues are mapped back to form fields,
 * for client-side checks and for the server's `error.data.fields` alike.
 */
import { z } from "zod";
import { ZForecastWhenInput, type TForecastWhenInput } from "../forecast.schemas";

export interface ForecastFormValues {
  samples: string;
  backlogIsRange: boolean;
  backlog: string;
  backlogMin: string;
  backlogMax: string;
  trials: string;
  seed: string;
  startDate: string;
  periodDays: string;
}
export type ForecastField = Exclude<keyof ForecastFormValues, "backlogIsRange">;

export const EMPTY_FORM: ForecastFormValues = {
  samples: "",
  backlogIsRange: false,
  backlog: "",
  backlogMin: "",
  backlogMax: "",
  trials: "10000",
  seed: "",
  startDate: "",
  periodDays: "7",
};

/** "1, 3 5\n8" → ["1","3","5","8"]. */
export function splitSamples(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** "" → undefined; "10 000" / "10_000" → 10000; junk → NaN (the schema reports it). */
function num(text: string): number | undefined {
  const s = text.replace(/[\s_]/g, "");
  return s === "" ? undefined : Number(s);
}

export function toCandidate(v: ForecastFormValues): Record<string, unknown> {
  const c: Record<string, unknown> = {
    samples: splitSamples(v.samples).map((tok) => Number(tok)),
    backlog: v.backlogIsRange ? { min: num(v.backlogMin), max: num(v.backlogMax) } : num(v.backlog),
  };
  const optional = { trials: num(v.trials), seed: num(v.seed), periodDays: num(v.periodDays) };
  for (const [k, val] of Object.entries(optional)) if (val !== undefined) c[k] = val;
  // Dates are always wanted in the result: an empty start date means today (browser time zone).
  c.startDate = v.startDate.trim() || todayLocal();
  return c;
}

/** Which form field a schema issue path ("backlog.min", ["samples", 3]) belongs to. */
export function fieldForPath(path: string | readonly PropertyKey[], isRange: boolean): ForecastField | "root" {
  const parts = typeof path === "string" ? path.split(".") : path.map(String);
  const [head, sub] = parts;
  switch (head) {
    case "samples":
    case "trials":
    case "seed":
    case "startDate":
    case "periodDays":
      return head;
    case "backlog":
      if (!isRange) return "backlog";
      return sub === "max" ? "backlogMax" : "backlogMin";
    case "deadline":
      return "startDate";
    default:
      return "root";
  }
}

/** The form resolver schema: strings in, a validated TForecastWhenInput out. */
export function forecastFormSchema(notANumber: (token: string) => string) {
  return z
    .custom<ForecastFormValues>((v) => typeof v === "object" && v !== null)
    .transform((v, ctx): TForecastWhenInput => {
      const seen = new Set<string>();
      const bad = splitSamples(v.samples ?? "").find((tok) => Number.isNaN(Number(tok)));
      if (bad !== undefined) {
        // Name the offending token; other fields are still checked below.
        ctx.addIssue({ code: "custom", path: ["samples"], message: notANumber(bad.slice(0, 20)) });
        seen.add("samples");
      }
      const r = ZForecastWhenInput.safeParse(toCandidate(v));
      if (r.success && bad === undefined) return r.data;
      if (r.success) return z.NEVER;
      for (const issue of r.error.issues) {
        const field = fieldForPath(issue.path, v.backlogIsRange);
        if (seen.has(field)) continue; // first message per field
        seen.add(field);
        ctx.addIssue({ code: "custom", path: [field], message: issue.message });
      }
      return z.NEVER;
    });
}

/** Back from a stored run input to form text (to restore the form after a reload). */
export function fromInput(input: unknown): ForecastFormValues | null {
  if (!input || typeof input !== "object") return null;
  const i = input as Record<string, unknown>;
  if (!Array.isArray(i.samples)) return null;
  const str = (x: unknown) => (typeof x === "number" || typeof x === "string" ? String(x) : "");
  const range = typeof i.backlog === "object" && i.backlog !== null ? (i.backlog as Record<string, unknown>) : null;
  return {
    samples: i.samples.map(str).join(", "),
    backlogIsRange: range !== null,
    backlog: range ? "" : str(i.backlog),
    backlogMin: range ? str(range.min) : "",
    backlogMax: range ? str(range.max) : "",
    trials: str(i.trials ?? EMPTY_FORM.trials),
    seed: str(i.seed),
    startDate: str(i.startDate),
    periodDays: str(i.periodDays ?? EMPTY_FORM.periodDays),
  };
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayLocal(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
