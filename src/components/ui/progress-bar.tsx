import { cn } from "./cn";

export interface ProgressBarProps {
  /** 0..1; clamped. */
  value: number;
  /** Accessible name, e.g. "Progress". */
  label: string;
  /** Spoken instead of the bare number, e.g. "42 % — simulating". */
  valueText?: string;
  tone?: "progress" | "success" | "danger" | "neutral";
  size?: "sm" | "md";
  className?: string;
}

const FILL = {
  progress: "bg-indigo-600",
  success: "bg-emerald-600",
  danger: "bg-red-500",
  neutral: "bg-slate-400",
} as const;

/** Integer percent, never 100 until the work is really complete (value 1). */
export function toPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const v = Math.min(1, Math.max(0, value));
  return v >= 1 ? 100 : Math.min(99, Math.floor(v * 100));
}

export function ProgressBar({ value, label, valueText, tone = "progress", size = "md", className }: ProgressBarProps) {
  const pct = toPercent(value);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={valueText}
      className={cn("w-full overflow-hidden rounded-full bg-slate-200", size === "sm" ? "h-1.5" : "h-3", className)}
    >
      <div
        className={cn("h-full rounded-full transition-[width] duration-300", FILL[tone])}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
