"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";

/** Asks the server to cancel a run; the new status arrives over the live stream. */
export function CancelButton({ runId, disabled }: { runId: string; disabled: boolean }) {
  const t = useTranslations("Run");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) }),
    }),
  );
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="danger"
        size="sm"
        disabled={disabled || cancel.isPending}
        onClick={() => cancel.mutate({ id: runId })}
      >
        {t("cancel")}
      </Button>
      {cancel.error && (
        <p role="alert" className="text-xs text-red-700">
          {t("cancelFailed", { message: cancel.error.message })}
        </p>
      )}
    </div>
  );
}
