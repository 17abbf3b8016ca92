"use client";

import { useEffect, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { RunPanel, type LiveRun, useRunStream } from "@/features/runs/ui";
import { useTRPC } from "@/trpc/react";
import type { Opportunity, OpportunitiesResult } from "../analysis.types";
import { RankingsTable } from "./rankings-table";
import { usePortfolioFormat } from "./use-portfolio-format";
import { useRunParam } from "./use-run-param";
import { formatOpportunityValues, readResult, RULE_VALUES } from "./view-model";

/** A snapshot section: title, the snapshot's time, Refresh (starts the run), and the run's live progress in place. */
function SnapshotCard({
  title,
  testId,
  at,
  onRefresh,
  refreshLabel,
  pending,
  error,
  runId,
  live,
  children,
}: {
  title: string;
  testId: string;
  at: string | null;
  onRefresh: () => void;
  refreshLabel: string;
  pending: boolean;
  error: string | null;
  runId: string | null;
  live: LiveRun;
  children: ReactNode;
}) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const running = !!runId && !!live.state && !live.isTerminal;
  return (
    <Card data-testid={testId} className="space-y-4">
      <CardHeader
        className="mb-0"
        title={title}
        actions={
          <Button
            onClick={onRefresh}
            disabled={pending || running}
            aria-busy={pending || undefined}
            data-testid={`${testId}-refresh`}
          >
            {refreshLabel}
          </Button>
        }
      />
      <p className="text-sm text-slate-600" data-testid={`${testId}-time`}>
        {at ? t("snapshotAt", { at: fmt.instant(at) }) : t("noSnapshot")}
      </p>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
      {runId && <RunPanel runId={runId} live={live} />}
      {children}
    </Card>
  );
}

/** One opportunity's sentence in the active locale (from the rule's message and the values), else the English one. */
function useExplain() {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  return (o: Opportunity) => {
    const values = formatOpportunityValues(o.values, fmt);
    const needed = RULE_VALUES[o.rule];
    const key = `rules.${o.rule}.found`;
    if (!needed || !t.has(key) || needed.some((k) => values[k] === undefined)) return { text: o.explanation, values };
    return { text: t(key, { ticker: o.ticker, ...values }), values };
  };
}

export function OpportunitiesTable({ r }: { r: OpportunitiesResult }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const explain = useExplain();
  const title = (id: string, fallback: string) => (t.has(`rules.${id}.title`) ? t(`rules.${id}.title`) : fallback);
  const ruleOrder = new Map(r.rules.map((x, i) => [x.id, i]));
  const rows = [...r.opportunities].sort(
    (a, b) =>
      (ruleOrder.get(a.rule) ?? 99) - (ruleOrder.get(b.rule) ?? 99) ||
      b.score - a.score ||
      a.ticker.localeCompare(b.ticker),
  );
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {t("screened", { screened: r.screened, found: r.opportunities.length, skipped: r.skipped.length })}
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="opportunities-empty">
          {t("noOpportunities")}
        </p>
      ) : (
        <Table data-testid="opportunities-table">
          <TableHead
            columns={[t("rule"), t("ticker"), t("explanation"), t("values"), { label: t("score"), numeric: true }]}
          />
          <tbody>
            {rows.map((o) => {
              const rule = r.rules.find((x) => x.id === o.rule);
              const e = explain(o);
              return (
                <tr key={`${o.rule}:${o.ticker}`} data-testid="opportunity-row" data-rule={o.rule}>
                  <Td className="whitespace-nowrap">
                    <Badge tone="info">{title(o.rule, rule?.title ?? o.rule)}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <span className="font-medium">{o.ticker}</span>
                    {o.name && <span className="block text-xs text-slate-500">{o.name}</span>}
                  </Td>
                  <Td className="text-sm text-slate-700">{e.text}</Td>
                  <Td className="text-xs tabular-nums text-slate-600">
                    <dl className="grid grid-cols-[auto_auto] gap-x-2">
                      {Object.entries(e.values).map(([k, v]) => (
                        <div key={k} className="contents">
                          <dt>{t.has(`valueLabels.${k}`) ? t(`valueLabels.${k}`) : k}</dt>
                          <dd className="text-right text-slate-900">{v}</dd>
                        </div>
                      ))}
                    </dl>
                  </Td>
                  <Td className="text-right tabular-nums">{fmt.ratio(o.score, 2)}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <details className="rounded-md border border-slate-200 bg-slate-50/60 p-3 text-sm">
        <summary className="cursor-pointer font-medium text-slate-800">{t("rulesTitle")}</summary>
        <ul className="mt-2 space-y-2">
          {r.rules.map((x) => (
            <li key={x.id}>
              <span className="font-medium">{title(x.id, x.title)}</span>:{" "}
              {t.has(`rules.${x.id}.explanation`) ? t(`rules.${x.id}.explanation`) : x.explanation}
            </li>
          ))}
        </ul>
      </details>
      {r.skipped.length > 0 && (
        <p className="text-xs text-slate-500">
          {t("skipped", { list: r.skipped.map((s) => `${s.ticker} (${s.reason})`).join("; ") })}
        </p>
      )}
    </div>
  );
}

/** The opportunities page: the latest opportunities snapshot and the rankings, each with Refresh and live progress. */
export function OpportunitiesView() {
  const t = useTranslations("portfolio");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const opps = useQuery(trpc.analysis.opportunities.queryOptions());
  const ranks = useQuery(trpc.analysis.rankings.queryOptions());
  const [oppRun, setOppRun] = useRunParam("opportunitiesRun");
  const [rankRun, setRankRun] = useRunParam("rankingsRun");
  const runOpps = useMutation(trpc.analysis.runOpportunities.mutationOptions({ onSuccess: (r) => setOppRun(r.runId) }));
  const runRanks = useMutation(trpc.analysis.runRankings.mutationOptions({ onSuccess: (r) => setRankRun(r.runId) }));
  const oppLive = useRunStream(oppRun);
  const rankLive = useRunStream(rankRun);

  // A finished run saved a new snapshot: fetch it.
  const oppDone = oppLive.state?.status === "succeeded";
  const rankDone = rankLive.state?.status === "succeeded";
  useEffect(() => {
    if (oppDone) void qc.invalidateQueries({ queryKey: trpc.analysis.opportunities.queryKey() });
  }, [oppDone, qc, trpc]);
  useEffect(() => {
    if (rankDone) void qc.invalidateQueries({ queryKey: trpc.analysis.rankings.queryKey() });
  }, [rankDone, qc, trpc]);

  const o = opps.data ? readResult(opps.data.data, "opportunities") : null;
  const r = ranks.data ? readResult(ranks.data.data, "rankings") : null;
  return (
    <div className="space-y-6">
      <SnapshotCard
        title={t("opportunitiesTitle")}
        testId="opportunities"
        at={opps.data?.createdAt ?? null}
        onRefresh={() => runOpps.mutate()}
        refreshLabel={t("refreshOpportunities")}
        pending={runOpps.isPending}
        error={runOpps.error?.message ?? opps.error?.message ?? null}
        runId={oppRun}
        live={oppLive}
      >
        {opps.isLoading ? (
          <div className="h-24 animate-pulse rounded-md bg-slate-100" aria-busy="true" />
        ) : (
          o && <OpportunitiesTable r={o} />
        )}
      </SnapshotCard>
      <SnapshotCard
        title={t("rankingsTitle")}
        testId="rankings"
        at={ranks.data?.createdAt ?? null}
        onRefresh={() => runRanks.mutate()}
        refreshLabel={t("refreshRankings")}
        pending={runRanks.isPending}
        error={runRanks.error?.message ?? ranks.error?.message ?? null}
        runId={rankRun}
        live={rankLive}
      >
        {ranks.isLoading ? (
          <div className="h-24 animate-pulse rounded-md bg-slate-100" aria-busy="true" />
        ) : (
          r && <RankingsTable r={r} />
        )}
      </SnapshotCard>
    </div>
  );
}
