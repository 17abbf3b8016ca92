"use client";

import { useEffect, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { HISTORY_RANGES, type AnalysisRange } from "../portfolio.schemas";
import { useRunParam } from "./use-run-param";
import { PORTFOLIO_TASK } from "./rerun-href";

const isRange = (x: unknown): x is AnalysisRange => (HISTORY_RANGES as readonly unknown[]).includes(x);

/**
 * The analysis run this page's form was opened from (`?from=`), when it is an analysis of this
 * portfolio: its range (given once to `prefill`), and what a run started here sends besides the
 * form (the origin's bounds, which the form does not show, and originRunId). Null otherwise.
 */
export function useRerunOrigin(portfolioId: string, prefill: (range: AnalysisRange) => void) {
  const trpc = useTRPC();
  const [fromId] = useRunParam("from");
  const from = useQuery({ ...trpc.runs.get.queryOptions({ id: fromId ?? "" }), enabled: !!fromId, retry: false });
  const input = (from.data?.input ?? null) as { portfolioId?: unknown; range?: unknown; bounds?: unknown } | null;
  const ours = !!fromId && from.data?.task === PORTFOLIO_TASK && input?.portfolioId === portfolioId;
  const range = ours && isRange(input?.range) ? input.range : null;
  const bounds = Array.isArray(input?.bounds) && input.bounds.length === 2 ? (input.bounds as [number, number]) : null;

  const filled = useRef<string | null>(null);
  const fill = useRef(prefill);
  fill.current = prefill;
  useEffect(() => {
    if (!range || filled.current === fromId) return;
    filled.current = fromId;
    fill.current(range);
  }, [range, fromId]);

  if (!ours || !range || !fromId) return null;
  return { runId: fromId, range, submit: { originRunId: fromId, ...(bounds ? { bounds } : {}) } };
}
