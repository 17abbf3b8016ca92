"use client";

import { useTranslations } from "next-intl";
import { Select } from "@/components/ui/input";
import type { LiveRun } from "@/features/runs/components/run-panel";
import { useRunStream } from "@/features/runs/hooks/use-run-stream";
import type { AnalysisRange } from "../portfolio.schemas";
import { useRunParam } from "./use-run-param";

/**
 * The analysis run kept in the URL (`?run=`) with its live stream; `running` while it has a state
 * and has not ended (the run button waits for it).
 */
export function useAnalysisRun() {
  const [runId, setRunId] = useRunParam();
  const live = useRunStream(runId);
  const running = !!runId && !!live.state && !live.isTerminal;
  return { runId, setRunId, live, running };
}

/** The history range of an analysis: a labelled select over `ranges`. */
export function RangeSelect({
  id,
  value,
  onChange,
  ranges,
  className,
}: {
  id: string;
  value: AnalysisRange;
  onChange: (range: AnalysisRange) => void;
  ranges: readonly AnalysisRange[];
  className: string;
}) {
  const t = useTranslations("portfolio");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("range")}
      </label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value as AnalysisRange)} className={className}>
        {ranges.map((r) => (
          <option key={r} value={r}>
            {t(`ranges.${r}`)}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** A succeeded run whose result is not shown: still on its way, or not of the expected shape. */
export function ResultPending({ live, className }: { live: LiveRun; className: string }) {
  const t = useTranslations("portfolio");
  const tr = useTranslations("Run");
  return (
    <p className={className} aria-busy={live.run?.result == null || undefined}>
      {live.run?.status === "succeeded" && live.run.result != null ? t("unexpectedShape") : tr("waitingForResult")}
    </p>
  );
}
