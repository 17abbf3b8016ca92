"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { useMarketFormat } from "./use-market-format";

/** Search known assets, the demo set and (on request) the provider; view or add from the results. */
export function AssetSearch({
  onView,
  onStarted,
}: {
  onView: (ticker: string) => void;
  onStarted: (runId: string) => void;
}) {
  const t = useTranslations("market");
  const fmt = useMarketFormat();
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [lookup, setLookup] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => {
      setQ(text.trim());
      setLookup(false);
    }, 250);
    return () => clearTimeout(id);
  }, [text]);
  const result = useQuery({ ...trpc.market.search.queryOptions({ q, lookup }), enabled: q.length > 0 });
  const add = useMutation(trpc.market.add.mutationOptions({ onSuccess: (r) => onStarted(r.runId) }));
  const r = result.data;
  const empty = r && !r.known.length && !r.demo.length && !r.candidate;

  return (
    <Card data-testid="asset-search">
      <CardHeader title={t("searchTitle")} />
      <Field label={t("searchLabel")} hint={t("searchHint")}>
        <Input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="PETR4, Vale…" />
      </Field>
      {add.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {add.error.message}
        </p>
      )}
      {r && (
        <ul className="mt-4 divide-y divide-slate-100" data-testid="search-results" aria-label={t("searchResults")}>
          {r.known.map((a) => (
            <li key={a.ticker} className="flex items-center justify-between gap-3 py-2 text-sm">
              <span>
                <span className="font-semibold">{a.ticker}</span> {a.name ?? ""}{" "}
                <Badge tone={a.source === "demo" ? "warning" : "neutral"}>{t(`source.${a.source}`)}</Badge>
              </span>
              <span className="flex items-center gap-3">
                <span className="tabular-nums">{fmt.money(a.lastPrice, a.currency)}</span>
                <Button size="sm" variant="secondary" onClick={() => onView(a.ticker)}>
                  {t("view")}
                </Button>
              </span>
            </li>
          ))}
          {r.demo.map((d) => (
            <li key={d.ticker} className="flex items-center justify-between gap-3 py-2 text-sm">
              <span>
                <span className="font-semibold">{d.ticker}</span> {d.name}{" "}
                <Badge tone="warning">{t("source.demo")}</Badge>
              </span>
              <Button
                size="sm"
                disabled={add.isPending}
                onClick={() => add.mutate({ ticker: d.ticker, provider: "demo" })}
                aria-label={t("addDemoTicker", { ticker: d.ticker })}
              >
                {t("add")}
              </Button>
            </li>
          ))}
          {r.candidate && (
            <li
              className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm"
              data-testid="search-candidate"
            >
              <span>
                <span className="font-semibold">{r.candidate}</span>{" "}
                {r.provider ? (
                  `${r.provider.name ?? ""} · ${fmt.money(r.provider.lastPrice, r.provider.currency)}`
                ) : r.providerError ? (
                  <span className="text-red-700">{r.providerError}</span>
                ) : (
                  t("notAddedYet")
                )}
              </span>
              <span className="flex gap-2">
                {!lookup && (
                  <Button size="sm" variant="secondary" onClick={() => setLookup(true)} disabled={result.isFetching}>
                    {t("lookUp")}
                  </Button>
                )}
                <Button
                  size="sm"
                  disabled={add.isPending}
                  onClick={() => add.mutate({ ticker: r.candidate! })}
                  aria-label={t("addFromProvider", { ticker: r.candidate })}
                >
                  {t("add")}
                </Button>
              </span>
            </li>
          )}
          {empty && <li className="py-2 text-sm text-slate-500">{t("noResults")}</li>}
        </ul>
      )}
    </Card>
  );
}
