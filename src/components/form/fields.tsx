"use client";

/** The form kit's fields on react-hook-form: text, list, select and checkbox, each with its error. */

import type { ReactNode } from "react";
import { get, useFormContext } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

/** The error message of a (possibly nested) field, e.g. "risks.2.low". */
export function useFieldError(name: string): string | undefined {
  const { formState } = useFormContext();
  const e = get(formState.errors, name) as { message?: unknown } | undefined;
  return typeof e?.message === "string" ? e.message : undefined;
}

interface TextProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string;
  type?: "text" | "date";
  numeric?: boolean;
  className?: string;
}

export function TextField({ name, label, hint, placeholder, type = "text", numeric, className }: TextProps) {
  const { register } = useFormContext();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)} className={className}>
      <Input type={type} inputMode={numeric ? "decimal" : undefined} placeholder={placeholder} {...register(name)} />
    </Field>
  );
}

export function ListField({
  name,
  label,
  hint,
  placeholder,
  rows = 3,
}: Omit<TextProps, "type" | "numeric"> & { rows?: number }) {
  const { register } = useFormContext();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)}>
      <Textarea rows={rows} spellCheck={false} placeholder={placeholder} {...register(name)} />
    </Field>
  );
}

export function SelectField({
  name,
  label,
  hint,
  options,
  className,
}: Omit<TextProps, "type" | "numeric" | "placeholder"> & { options: { value: string; label: string }[] }) {
  const { register } = useFormContext();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)} className={className}>
      <Select {...register(name)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function CheckboxField({ name, label, className }: { name: string; label: ReactNode; className?: string }) {
  const { register } = useFormContext();
  const error = useFieldError(name);
  return (
    <div className={cn("space-y-1", className)}>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          aria-invalid={error ? true : undefined}
          className="size-4 rounded border-slate-300 accent-indigo-600"
          {...register(name)}
        />
        {label}
      </label>
      {error && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
