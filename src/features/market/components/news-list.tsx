"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { useMarketFormat } from "./use-market-format";

/** The latest items of the configured news feeds (only those naming `tickers`, when given). */
export function NewsList({ tickers }: { tickers?: string[] }) {
  const t = useTranslations("market");
  const fmt = useMarketFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.market.news.queryOptions({ ...(tickers ? { tickers } : {}), limit: 20 }));
  const items = q.data ?? [];
  return (
    <Card data-testid="market-news">
      <CardHeader title={tickers?.length ? t("newsTitleFor", { tickers: tickers.join(", ") }) : t("newsTitle")} />
      {q.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("newsEmpty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((n) => (
            <li key={n.id} className="py-2 text-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                {n.link ? (
                  <a
                    href={n.link}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    {n.title}
                  </a>
                ) : (
                  <span className="font-medium">{n.title}</span>
                )}
                <time className="text-xs text-slate-500" dateTime={n.publishedAt}>
                  {fmt.dateTime(n.publishedAt)}
                </time>
              </div>
              {n.summary && <p className="mt-1 line-clamp-2 text-slate-600">{n.summary}</p>}
              {n.tickers.length > 0 && (
                <div className="mt-1 flex gap-1">
                  {n.tickers.map((x) => (
                    <Badge key={x}>{x}</Badge>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
