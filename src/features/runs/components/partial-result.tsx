"use client";

/**
 * A run's latest partial result (ctx.partial), clearly labelled as partial: live while the run goes
 * ("3.2M of 10M trials so far"), and kept when it ends without a result ("Cancelled after 3.2M of 10M
 * trials"). The task-owning slice may give its own view of the partial result; else it is shown as JSON.
 */
import type { ComponentType } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { isTerminal, type RunStatus } from "@/runs/status";
import type { LivePartial } from "../hooks/run-state";
import { JsonView } from "./json-view";

/** A task's own view of a partial result (null when it has none for that task). */
export type PartialView = ComponentType<{ task: string; input: unknown; partial: LivePartial }>;

/** "3.2M of 10M trials so far" / "Cancelled after 3.2M of 10M trials" (numbers in the viewer's locale). */
export function usePartialDoneText() {
  const t = useTranslations("Partial");
  const format = useFormatter();
  const compact = (n: number) => format.number(n, { notation: "compact", maximumFractionDigits: 1 });
  return (partial: LivePartial, status: RunStatus): string | null => {
    const d = partial.done;
    const ended = isTerminal(status) && status !== "succeeded";
    if (!d) return ended ? t("endedNoCount", { status }) : null;
    const args = { count: compact(d.count), total: compact(d.total), unit: d.unit };
    return ended ? t("ended", { ...args, status }) : t("soFar", args);
  };
}

export function PartialResult({
  task,
  input,
  partial,
  status,
  View,
}: {
  task: string;
  input: unknown;
  partial: LivePartial;
  status: RunStatus;
  View?: PartialView;
}) {
  const t = useTranslations("Partial");
  const doneText = usePartialDoneText()(partial, status);
  const ended = isTerminal(status);
  return (
    <Card className="border-amber-200" data-testid="partial-result" data-final={partial.final ? "true" : "false"}>
      <CardHeader title={t("title")} />
      <p className="mb-1 text-sm font-medium text-amber-900" data-testid="partial-done">
        {doneText ?? t("live")}
      </p>
      <p className="mb-3 text-xs text-slate-600">{ended ? t("notFull") : t("live")}</p>
      {View ? (
        <View task={task} input={input} partial={partial} />
      ) : (
        <JsonView value={partial.result} label={t("title")} />
      )}
    </Card>
  );
}
