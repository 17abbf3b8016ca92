"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

export interface KnownAsset {
  ticker: string;
  name: string | null;
  sector: string | null;
  source: string;
}

/** Every asset the platform knows (added from /assets, the demo set or a CSV): what a portfolio or a comparison can hold. */
export function useKnownAssets(): { assets: KnownAsset[]; isLoading: boolean } {
  const trpc = useTRPC();
  const q = useQuery(trpc.market.list.queryOptions());
  const assets = (q.data?.all ?? [])
    .map((a) => ({ ticker: a.ticker, name: a.name, sector: a.sector, source: a.source }))
    .sort((a, b) => a.ticker.localeCompare(b.ticker));
  return { assets, isLoading: q.isLoading };
}
