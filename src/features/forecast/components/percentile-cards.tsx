import type { ReactNode } from "react";

export interface PercentileCard {
  level: string;
  /** The sentence, e.g. "85 % chance done by <b>Jul 29, 2024</b>". */
  headline: ReactNode;
  detail?: ReactNode;
  /** Highlight the level the user focuses on (85 % by default). */
  emphasis?: boolean;
}

/** One card per confidence level. */
export function PercentileCards({ cards, testId = "percentiles" }: { cards: PercentileCard[]; testId?: string }) {
  return (
    <ul data-testid={testId} className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {cards.map((c) => (
        <li
          key={c.level}
          data-testid={`percentile-${c.level}`}
          className={
            "rounded-lg border p-4 " +
            (c.emphasis ? "border-indigo-300 bg-indigo-50/60 ring-1 ring-indigo-200" : "border-slate-200 bg-slate-50")
          }
        >
          <p className="text-sm text-slate-700 [&_b]:mt-1 [&_b]:block [&_b]:text-lg [&_b]:font-semibold [&_b]:tabular-nums [&_b]:text-slate-900">
            {c.headline}
          </p>
          {c.detail && <p className="mt-1 text-xs tabular-nums text-slate-500">{c.detail}</p>}
        </li>
      ))}
    </ul>
  );
}

/** Amber notes under a result: trials that hit the period cap, censored folds… */
export function Warnings({ items }: { items: ReactNode[] }) {
  if (items.length === 0) return null;
  return (
    <ul
      role="status"
      data-testid="result-warnings"
      className="space-y-1 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
    >
      {items.map((w, i) => (
        <li key={i}>⚠ {w}</li>
      ))}
    </ul>
  );
}

/** A small labelled value for summary rows. */
export function Stat({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
