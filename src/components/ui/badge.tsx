import type { HTMLAttributes } from "react";
import { cn } from "./cn";

const TONES = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20",
  info: "bg-sky-50 text-sky-800 ring-sky-600/20",
  progress: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/30",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  danger: "bg-red-50 text-red-800 ring-red-600/20",
} as const;
export type BadgeTone = keyof typeof TONES;

export function Badge({
  tone = "neutral",
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONES[tone],
        className,
      )}
      {...props}
    />
  );
}
