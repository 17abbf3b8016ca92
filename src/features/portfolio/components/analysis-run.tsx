"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { type LiveRun, useRunStream } from "@/features/runs/ui";
import type { AnalysisRange } from "../portfolio.schemas";
import { useRunParam } from "./use-run-param";
import { Controller, type Control, type Path } from "react-hook-form";

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

/**
 * The history range of an analysis form (its `range` field): a labelled select over `ranges`, with the
 * field's error (from the schema or the server) under it.
 */
export function RangeSelect<T extends { range: AnalysisRange }, Context, Output>({
  control,
  id,
  ranges,
  className,
}: {
  control: Control<T, Context, Output>;
  id: string;
  ranges: readonly AnalysisRange[];
  className: string;
}) {
  const t = useTranslations("portfolio");
  return (
    <Controller
      control={control}
      name={"range" as Path<T>}
      render={({ field, fieldState }) => (
        <Field label={t("range")} id={id} error={fieldState.error?.message}>
          <Select
            value={field.value}
            onChange={(e) => field.onChange(e.target.value as AnalysisRange)}
            className={className}
          >
            {ranges.map((r) => (
              <option key={r} value={r}>
                {t(`ranges.${r}`)}
              </option>
            ))}
          </Select>
        </Field>
      )}
    />
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
