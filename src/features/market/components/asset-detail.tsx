"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/trpc/react";
import { AssetChart } from "./asset-chart";
import { FundamentalsCard } from "./fundamentals-card";
import { VIEW_RANGES, type ViewRange } from "./types";
import { useMarketFormat } from "./use-market-format";

/** One asset: range picker, price and drawdown chart, fundamentals, watch / unwatch. */
export function AssetDetailView({ ticker, onClose }: { ticker: string; onClose: () => void }) {
  const t = useTranslations("market");
  const fmt = useMarketFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [range, setRange] = useState<ViewRange>("1y");
  const q = useQuery(trpc.market.get.queryOptions({ ticker, range }));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.market.get.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.market.list.queryKey() });
  };
  const watch = useMutation(trpc.market.watch.mutationOptions({ onSuccess: refresh }));
  const unwatch = useMutation(trpc.market.unwatch.mutationOptions({ onSuccess: refresh }));
  const d = q.data;

  return (
    <Card data-testid="asset-detail" aria-labelledby="asset-detail-title">
      <CardHeader
        title={
          <span id="asset-detail-title">
            {ticker} {d?.asset.name ? <span className="font-normal text-slate-600">— {d.asset.name}</span> : null}{" "}
            {d && (
              <Badge tone={d.asset.source === "demo" ? "warning" : "neutral"}>{t(`source.${d.asset.source}`)}</Badge>
            )}
          </span>
        }
        actions={
          <>
            {d &&
              (d.watched ? (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => unwatch.mutate({ ticker })}
                  disabled={unwatch.isPending}
                >
                  {t("unwatch")}
                </Button>
              ) : (
                <Button size="sm" onClick={() => watch.mutate({ ticker })} disabled={watch.isPending}>
                  {t("watch")}
                </Button>
              ))}
            <Button size="sm" variant="ghost" onClick={onClose}>
              {t("close")}
            </Button>
          </>
        }
      />
      {d?.asset.source === "demo" && (
        <p className="mb-3 rounded-md bg-amber-50 p-2 text-xs text-amber-800" data-testid="demo-notice">
          {t("demoNotice")}
        </p>
      )}
      <div role="group" aria-label={t("rangeLabel")} className="mb-3 flex flex-wrap gap-1" data-testid="range-picker">
        {VIEW_RANGES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === range}
            onClick={() => setRange(r)}
            className={cn(
              "rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
              r === range ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300",
            )}
          >
            {t(`range.${r}`)}
          </button>
        ))}
      </div>
      {q.error ? (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      ) : !d ? (
        <div className="h-96 animate-pulse rounded bg-slate-100" aria-busy="true" />
      ) : d.bars.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noBars")}</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_16rem]">
          <div className="min-w-0">
            <AssetChart detail={d} />
            <p className="mt-1 text-xs text-slate-500">
              {t("barsSpan", {
                count: d.bars.length,
                first: fmt.day(d.bars[0]!.date),
                last: fmt.day(d.bars[d.bars.length - 1]!.date),
              })}
            </p>
          </div>
          <FundamentalsCard detail={d} />
        </div>
      )}
    </Card>
  );
}
