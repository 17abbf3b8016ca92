import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

/**
 * A set of checkboxes under a legend, one per option (`value` is the option), with the group's error
 * under it as an alert that the fieldset names (aria-describedby).
 */
export function CheckboxGroup<V extends string>({
  legend,
  options,
  label,
  input,
  error,
  errorId,
  className,
}: {
  legend: ReactNode;
  options: readonly V[];
  label: (option: V) => ReactNode;
  /** The option's input props (`register(...)`, a test id). */
  input: (option: V) => InputHTMLAttributes<HTMLInputElement> & { "data-testid"?: string };
  error?: string;
  errorId: string;
  className?: string;
}) {
  return (
    <fieldset className={cn("space-y-1", className)} aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex gap-4">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-1 text-sm">
            <input type="checkbox" value={o} {...input(o)} />
            {label(o)}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
