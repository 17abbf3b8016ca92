/**
 * The form kit every run form uses (forecast, ETo, …): text → numbers, the resolver schema that checks
 * a form's candidate input with the server's own zod schema and maps every issue back to the form
 * field it belongs to (for client checks and for the server's `error.data.fields` alike).
 */
import { z } from "zod";
import { isoDateIn } from "@/domain/shared/dates";

/** "1, 3 5;\n8" → ["1","3","5","8"]: spaces, commas, semicolons and new lines all separate values. */
export function splitList(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** "" → undefined; "10 000" / "10_000" → 10000; junk → NaN (the schema reports it). */
export function num(text: string | undefined): number | undefined {
  const s = (text ?? "").replace(/[\s_]/g, "");
  return s === "" ? undefined : Number(s);
}

/** A list field: numbers (NaN for junk tokens, which the pre-check names). */
export const numList = (text: string) => splitList(text).map((tok) => Number(tok));

/** The first token of a list that is not a number (shortened), if any. */
export const badToken = (text: string): string | undefined =>
  splitList(text ?? "")
    .find((tok) => Number.isNaN(Number(tok)))
    ?.slice(0, 20);

/** Today as YYYY-MM-DD in the browser's time zone (the product rule for forms' default dates). */
export const todayLocal = (now: Date = new Date()): string => isoDateIn(now);

/** Text of a stored number (or ""), for refilling a form. */
export const str = (x: unknown) => (typeof x === "number" || typeof x === "string" ? String(x) : "");
/** A stored list of numbers back to text. */
export const listText = (x: unknown) => (Array.isArray(x) ? x.map(str).join(", ") : "");

export type Path = readonly (string | number)[];
export interface FormIssue {
  path: Path;
  message: string;
}

/** One tab's form: its values, how they become the task input, and how input paths map back. */
export interface TabSpec<V, O> {
  schema: z.ZodType<O, unknown>;
  toCandidate: (v: V) => Record<string, unknown>;
  /** The form field for an input path (["backlog","min"], ["risks",2,"low"]); null → the form as a whole. */
  fieldFor: (path: Path, v: V) => Path | null;
  /** Checks the schema cannot word for the form (e.g. a list token that is not a number). */
  preCheck?: (v: V) => FormIssue[];
}

/** The resolver schema: form values in, a validated task input out; issues land on form fields, first message per field. */
export function resolverSchema<V, O>(spec: TabSpec<V, O>) {
  return z
    .custom<V>((v) => typeof v === "object" && v !== null)
    .transform((v, ctx): O => {
      const seen = new Set<string>();
      const add = (path: Path | null, message: string) => {
        const p = path ?? ["root"];
        const key = p.join(".");
        if (seen.has(key)) return;
        seen.add(key);
        ctx.addIssue({ code: "custom", path: [...p], message });
      };
      for (const i of spec.preCheck?.(v) ?? []) add(i.path, i.message);
      const pre = seen.size;
      const r = spec.schema.safeParse(spec.toCandidate(v));
      if (r.success && pre === 0) return r.data;
      if (!r.success) for (const issue of r.error.issues) add(spec.fieldFor(issue.path as Path, v), issue.message);
      return z.NEVER;
    });
}

/** Server field errors (`error.data.fields`, dotted paths) mapped to form fields. */
export function serverIssues<V>(
  spec: Pick<TabSpec<V, unknown>, "fieldFor">,
  fields: { path: string; message: string }[],
  v: V,
) {
  return fields.map((f) => ({
    path: spec.fieldFor(
      f.path
        .split(".")
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      v,
    ),
    message: f.message,
  }));
}

/** Pre-checks for list fields: name the first token that is not a number. */
export function listChecks(fields: [Path, string][], notANumber: (token: string) => string): FormIssue[] {
  const out: FormIssue[] = [];
  for (const [path, text] of fields) {
    const bad = badToken(text);
    if (bad !== undefined) out.push({ path, message: notANumber(bad) });
  }
  return out;
}
