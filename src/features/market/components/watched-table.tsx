"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/trpc/react";
import type { WatchedAsset } from "./types";
import { useMarketFormat } from "./use-market-format";

/** The assets the viewer follows: last price, the day's change, P/E, dividend yield, market cap. */
export function WatchedTable({
  rows,
  loading,
  selected,
  onView,
}: {
  rows: readonly WatchedAsset[];
  loading: boolean;
  selected: string | null;
  onView: (ticker: string) => void;
}) {
  const t = useTranslations("market");
  const fmt = useMarketFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const unwatch = useMutation(
    trpc.market.unwatch.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.market.list.queryKey() }),
    }),
  );
  return (
    <Card data-testid="watched-assets">
      <CardHeader title={t("watchedTitle")} />
      {loading ? (
        <div className="h-24 animate-pulse rounded bg-slate-100" aria-busy="true" />
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("watchedEmpty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <Table data-testid="watched-table">
            <TableHead
              columns={[
                t("colTicker"),
                { label: t("colLast"), numeric: true },
                { label: t("colChange"), numeric: true },
                { label: t("colPe"), numeric: true },
                { label: t("colDy"), numeric: true },
                { label: t("colMarketCap"), numeric: true },
                { label: t("colActions"), srOnly: true },
              ]}
            />
            <tbody>
              {rows.map((a) => (
                <tr
                  key={a.ticker}
                  data-testid={`watched-row-${a.ticker}`}
                  className={cn(selected === a.ticker && "bg-indigo-50/50")}
                >
                  <Td>
                    <div className="font-semibold">{a.ticker}</div>
                    <div className="text-xs text-slate-500">
                      {a.name ?? "—"}{" "}
                      <Badge tone={a.source === "demo" ? "warning" : "neutral"}>{t(`source.${a.source}`)}</Badge>
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums" data-testid="last-price">
                    {a.ticker.startsWith("^") ? fmt.num(a.lastPrice) : fmt.money(a.lastPrice, a.currency)}
                  </Td>
                  <Td
                    className={cn(
                      "text-right tabular-nums",
                      (a.changePct ?? 0) > 0 ? "text-emerald-700" : (a.changePct ?? 0) < 0 ? "text-red-700" : "",
                    )}
                  >
                    {fmt.pct(a.changePct, 2, true)}
                  </Td>
                  <Td className="text-right tabular-nums">{fmt.num(a.priceEarnings, 1)}</Td>
                  <Td className="text-right tabular-nums">{fmt.pct(a.dividendYield, 1)}</Td>
                  <Td className="text-right tabular-nums">{fmt.compactMoney(a.marketCap, a.currency)}</Td>
                  <Td className="whitespace-nowrap text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => onView(a.ticker)}
                      aria-label={t("viewTicker", { ticker: a.ticker })}
                    >
                      {t("view")}
                    </Button>
                    <Button
                      size="sm"
                      variant="danger"
                      disabled={unwatch.isPending}
                      onClick={() => unwatch.mutate({ ticker: a.ticker })}
                      aria-label={t("unwatchTicker", { ticker: a.ticker })}
                    >
                      {t("unwatch")}
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
