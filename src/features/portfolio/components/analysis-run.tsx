"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { type LiveRun, useRunStream } from "@/features/runs/ui";
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
  error,
}: {
  id: string;
  value: AnalysisRange;
  onChange: (range: AnalysisRange) => void;
  ranges: readonly AnalysisRange[];
  className: string;
  /** The range's error (from the schema or the server), shown under it. */
  error?: string;
}) {
  const t = useTranslations("portfolio");
  return (
    <Field label={t("range")} id={id} error={error}>
      <Select value={value} onChange={(e) => onChange(e.target.value as AnalysisRange)} className={className}>
        {ranges.map((r) => (
          <option key={r} value={r}>
            {t(`ranges.${r}`)}
          </option>
        ))}
      </Select>
    </Field>
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
