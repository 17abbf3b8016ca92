"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ConfirmMutation } from "@/components/ui/confirm-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";

/** Cache figures of the web process (refreshed every 5 s) and a Clear button per namespace. */
export function CachePanel() {
  const t = useTranslations("Cache");
  const f = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stats = useQuery({ ...trpc.console.cacheStats.queryOptions(), refetchInterval: 5_000 });
  const [cleared, setCleared] = useState<{ ns: string; removed: number } | null>(null);
  const clear = useMutation(
    trpc.console.clearCache.mutationOptions({
      onSuccess: (r, v) => {
        setCleared({ ns: v.namespace, removed: r.removed });
        void qc.invalidateQueries({ queryKey: trpc.console.cacheStats.queryKey() });
      },
    }),
  );
  const s = stats.data;
  const pct = (x: number) => f.number(x, { style: "percent", maximumFractionDigits: 1 });
  const n = (x: number) => f.number(x);

  return (
    <Card className="space-y-4" data-testid="cache-panel">
      <CardHeader title={t("title")} />
      {stats.error && (
        <p role="alert" className="text-sm text-red-700">
          {stats.error.message}
        </p>
      )}
      {s && (
        <>
          <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-slate-500">{t("backend")}</dt>
              <dd className="font-semibold">{s.backend}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("redis")}</dt>
              <dd>
                <Badge tone={s.redis === "up" ? "success" : s.redis === "none" ? "neutral" : "danger"}>
                  {t(`redisState.${s.redis}`)}
                </Badge>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("l1Entries")}</dt>
              <dd className="tabular-nums">
                {n(s.l1.entries)} / {n(s.l1.maxEntries)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("l1Bytes")}</dt>
              <dd className="tabular-nums">
                {f.number(s.l1.bytes / 1024 ** 2, { maximumFractionDigits: 1 })} /{" "}
                {f.number(s.l1.maxBytes / 1024 ** 2, { maximumFractionDigits: 0 })} MiB
              </dd>
            </div>
          </dl>
          {s.namespaces.length === 0 ? (
            <p className="text-sm text-slate-500">{t("empty")}</p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t("namespace")}</Th>
                  <Th className="text-right">{t("hitRate")}</Th>
                  <Th className="text-right">{t("hitsL1")}</Th>
                  <Th className="text-right">{t("hitsL2")}</Th>
                  <Th className="text-right">{t("misses")}</Th>
                  <Th className="text-right">{t("computes")}</Th>
                  <Th className="text-right">{t("fallbacks")}</Th>
                  <Th className="text-right">{t("errors")}</Th>
                  <Th className="text-right">{t("entries")}</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {s.namespaces.map((ns) => (
                  <tr key={ns.namespace} data-testid={`cache-ns-${ns.namespace}`}>
                    <Td className="font-mono text-xs">{ns.namespace}</Td>
                    <Td className="text-right tabular-nums">{pct(ns.hitRate)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.hits.l1)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.hits.l2)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.misses)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.computes)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.fallbacks)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.errors)}</Td>
                    <Td className="text-right tabular-nums">{n(ns.l1Entries)}</Td>
                    <Td className="text-right">
                      <ConfirmMutation
                        variant="secondary"
                        size="sm"
                        mutation={clear}
                        question={t("confirmClear", { namespace: ns.namespace })}
                        input={{ namespace: ns.namespace }}
                      >
                        {t("clear")}
                      </ConfirmMutation>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {cleared && (
            <p role="status" className="text-sm text-slate-600">
              {t("cleared", { namespace: cleared.ns, removed: cleared.removed })}
            </p>
          )}
          <p className="text-xs text-slate-500">{t("scope")}</p>
        </>
      )}
    </Card>
  );
}
