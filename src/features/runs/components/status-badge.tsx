"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunStatus } from "@/runs/status";

const TONE: Record<RunStatus, BadgeTone> = {
  queued: "neutral",
  scheduled: "info",
  running: "progress",
  retrying: "warning",
  succeeded: "success",
  failed: "danger",
  cancelling: "warning",
  cancelled: "neutral",
  dead: "danger",
};

export function StatusBadge({ status, testId = "run-status" }: { status: RunStatus; testId?: string }) {
  const t = useTranslations("Run.status");
  return (
    <Badge tone={TONE[status] ?? "neutral"} data-testid={testId} data-status={status}>
      {TONE[status] ? t(status) : status}
    </Badge>
  );
}

export function progressTone(status: RunStatus): "progress" | "success" | "danger" | "neutral" {
  if (status === "succeeded") return "success";
  if (status === "failed" || status === "dead") return "danger";
  if (status === "cancelled" || status === "cancelling") return "neutral";
  return "progress";
}
