"use client";

/**
 * react-hook-form for the app's plain forms, checked with the server's own zod schema (through the
 * form kit's resolverSchema), and the server's field errors (`error.data.fields`) put back beside
 * their fields with setError. What the server names no field for becomes the form's `root.server` error.
 */
import { useMemo } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldErrors,
  type FieldValues,
  type Path as FieldPath,
  type UseFormReturn,
} from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { resolverSchema, serverIssues, type FormIssue, type Path, type TabSpec } from "./form-kit";

export interface ServerErrorShape {
  message?: string;
  data?: { fields?: { path: string; message: string }[] | null } | null;
}

/**
 * The spec of a flat form: the candidate input from the values, and an input path's first key names
 * the form field of the same name (or of `rename[key]`) when the form has it; anything else is the form's.
 */
export function flatSpec<V, O>(opts: {
  schema: z.ZodType<O, unknown>;
  toCandidate: (v: V) => Record<string, unknown>;
  fields: readonly string[];
  rename?: Record<string, string>;
  preCheck?: (v: V) => FormIssue[];
}): TabSpec<V, O> {
  const { schema, toCandidate, fields, rename, preCheck } = opts;
  return {
    schema,
    toCandidate,
    preCheck,
    fieldFor: (path: Path) => {
      const key = String(path[0] ?? "");
      const field = rename?.[key] ?? key;
      return fields.includes(field) ? [field] : null;
    },
  };
}

/** useForm with the spec's resolver: values in, the server's validated input out. */
export function useSchemaForm<V extends FieldValues, O>(spec: TabSpec<V, O>, defaultValues: V) {
  const resolver = useMemo(() => zodResolver(resolverSchema(spec)), [spec]);
  return useForm<V, unknown, O>({
    resolver,
    defaultValues: defaultValues as DefaultValues<V>,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
}

/**
 * Puts a failed call's field errors on the form's fields (the first one focused); what lands on no field
 * (or an error without fields) becomes `root.server`, worded through `whole`. Returns how many landed.
 */
export function setServerErrors<V extends FieldValues>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any output type
  form: UseFormReturn<V, any, any>,
  spec: Pick<TabSpec<V, unknown>, "fieldFor">,
  err: unknown,
  whole: (message: string) => string = (m) => m,
): number {
  const e = err as ServerErrorShape | null;
  let placed = 0;
  let rest: string | undefined;
  const seen = new Set<string>();
  for (const f of serverIssues(spec, e?.data?.fields ?? [], form.getValues())) {
    if (!f.path) {
      rest ??= f.message;
      continue;
    }
    if (seen.has(f.path.join("."))) continue; // the first message per field
    seen.add(f.path.join("."));
    form.setError(
      f.path.join(".") as FieldPath<V>,
      { type: "server", message: f.message },
      { shouldFocus: placed === 0 },
    );
    placed++;
  }
  if (placed === 0 || rest !== undefined)
    form.setError("root.server", {
      type: "server",
      message: whole(placed === 0 ? (e?.message ?? String(err)) : rest!),
    });
  return placed;
}

/**
 * Checks the form's values with another spec than its resolver's (a second action of the same form,
 * e.g. "Ask the AI" beside "Generate"): the validated input, or null with the issues set on the fields.
 */
export function checkWith<V extends FieldValues, O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any output type
  form: UseFormReturn<V, any, any>,
  spec: TabSpec<V, O>,
): O | null {
  form.clearErrors();
  const r = resolverSchema(spec).safeParse(form.getValues());
  if (r.success) return r.data;
  r.error.issues.forEach((i, n) =>
    form.setError(i.path.join(".") as FieldPath<V>, { type: "client", message: i.message }, { shouldFocus: n === 0 }),
  );
  return null;
}

/** The form's whole (not a field's) error, if any. */
export function rootError(errors: FieldErrors): string | undefined {
  const root = errors.root;
  return root?.server?.message ?? root?.message;
}
