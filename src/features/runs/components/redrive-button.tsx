"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";

/** Queues a failed or dead run again (a new attempt series); the refetched run re-opens the live stream. */
export function RedriveButton({ runId }: { runId: string }) {
  const t = useTranslations("Run");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const redrive = useMutation(
    trpc.runs.redrive.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.runs.events.queryKey({ id: runId }) });
      },
    }),
  );
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" size="sm" disabled={redrive.isPending} onClick={() => redrive.mutate({ id: runId })}>
        {t("redrive")}
      </Button>
      {redrive.error && (
        <p role="alert" className="text-xs text-red-700">
          {t("redriveFailed", { message: redrive.error.message })}
        </p>
      )}
    </div>
  );
}
