"use client";

import { useEffect } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { RunPanel, useRunStream } from "@/features/runs/ui";
import { useTRPC } from "@/trpc/react";
import { AddAssetCard } from "./add-asset-card";
import { AssetDetailView } from "./asset-detail";
import { AssetSearch } from "./asset-search";
import { NewsList } from "./news-list";
import { WatchedTable } from "./watched-table";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TICKER = /^\^?[A-Z0-9]{2,12}$/;

/**
 * The assets page: search (known, demo, provider), add (ticker, demo set, CSV), the collection run
 * in place (`?run=`: live progress, Cancel), the watched assets, one asset (`?ticker=`: chart with
 * drawdown, fundamentals, news) and the latest news.
 */
export function AssetsView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const runParam = params.get("run");
  const runId = runParam && UUID.test(runParam) ? runParam.toLowerCase() : null;
  const tickerParam = params.get("ticker")?.toUpperCase() ?? null;
  const ticker = tickerParam && TICKER.test(tickerParam) ? tickerParam : null;
  const live = useRunStream(runId);
  const list = useQuery(trpc.market.list.queryOptions());

  const go = (next: { run?: string | null; ticker?: string | null }) => {
    const q = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v) q.set(k, v);
      else q.delete(k);
    }
    router.replace(`${pathname}${q.size ? `?${q}` : ""}`, { scroll: false });
  };

  // A collection run that ends brings the list (and the shown asset) up to date.
  const status = live.state?.status;
  useEffect(() => {
    if (!status || !live.isTerminal) return;
    void qc.invalidateQueries({ queryKey: trpc.market.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.market.get.queryKey() });
  }, [status, live.isTerminal, qc, trpc]);

  const watched = list.data?.watched ?? [];
  return (
    <div className="space-y-6">
      <AssetSearch onView={(t) => go({ ticker: t })} onStarted={(id) => go({ run: id })} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <AddAssetCard onStarted={(id) => go({ run: id })} onImported={(t) => go({ ticker: t })} />
        <div className="min-w-0 space-y-6">
          {runId && <RunPanel runId={runId} live={live} />}
          <WatchedTable rows={watched} loading={!list.isSuccess} selected={ticker} onView={(t) => go({ ticker: t })} />
        </div>
      </div>
      {ticker && <AssetDetailView ticker={ticker} onClose={() => go({ ticker: null })} />}
      <NewsList tickers={ticker ? [ticker] : undefined} />
    </div>
  );
}
