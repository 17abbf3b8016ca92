"use client";

import { useRef } from "react";
import { useQueryClient, type InfiniteData, type QueryKey } from "@tanstack/react-query";
import type { RunSummaryDto } from "@/features/runs/runs.service";
import type { RunMessage } from "@/runs/events";
import { isTerminal, type RunStatus } from "@/runs/status";
import { isWaiting } from "./run-state";
import { useCoalesced, useRealtimeRuns } from "./use-realtime-runs";

type Page = { items: RunSummaryDto[]; nextCursor: string | null };

function applyToRow(r: RunSummaryDto, m: RunMessage): RunSummaryDto {
  if (m.type === "status") {
    const terminal = isTerminal(m.status);
    return {
      ...r,
      status: m.status,
      attempt: m.attempt,
      progress: m.status === "succeeded" ? 1 : m.status === "scheduled" ? 0 : m.progress,
      startedAt: r.startedAt ?? (m.status === "running" ? m.at : null),
      finishedAt: terminal ? (r.finishedAt ?? m.at) : isWaiting(m.status) ? null : r.finishedAt,
    };
  }
  if (m.type === "progress") return { ...r, progress: m.progress, stage: m.stage, message: m.message, etaAt: m.etaAt };
  return r;
}

/**
 * Keep a runs list (an infinite query's pages) live: apply each run message to the row it concerns;
 * a run not shown yet (new, or newly matching the status filter) or one that left the filter asks
 * for a refetch (coalesced).
 */
export function useLiveRunsList(o: { all: boolean; queryKey: QueryKey; status: RunStatus | "" }): {
  connected: boolean;
} {
  const queryClient = useQueryClient();
  const keyRef = useRef(o.queryKey);
  keyRef.current = o.queryKey;
  const filterRef = useRef(o.status);
  filterRef.current = o.status;
  const refetchSoon = useCoalesced(() => void queryClient.invalidateQueries({ queryKey: keyRef.current }), 400);
  return useRealtimeRuns({
    all: o.all,
    onMessage: (m) => {
      let found = false;
      queryClient.setQueryData<InfiniteData<Page>>(keyRef.current, (data) => {
        if (!data) return data;
        return {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.map((r) => {
              if (r.id !== m.runId) return r;
              found = true;
              return applyToRow(r, m);
            }),
          })),
        };
      });
      const filter = filterRef.current;
      if (found && m.type === "status" && filter && m.status !== filter) refetchSoon(); // left the filter
      // A run we do not show yet: new, or newly matching the filter. Every status change of it asks
      // for a refetch (debounced): a refetch already under way may have read an older status, and
      // the message that came during it found no row to update, so only a later read can show it.
      if (!found && m.type === "status" && (!filter || m.status === filter)) refetchSoon();
    },
  });
}
