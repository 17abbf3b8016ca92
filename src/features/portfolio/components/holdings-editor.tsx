"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/trpc/react";
import type { PortfolioDto } from "../analysis.types";
import {
  checkHoldings,
  equalWeights,
  fractionToPercentText,
  MAX_HOLDINGS,
  normaliseWeights,
  SUM_TOLERANCE_PCT,
  totalPercent,
  type HoldingDraft,
  type RowIssue,
  type TotalIssue,
} from "./holdings-spec";
import type { KnownAsset } from "./ticker-options";
import { usePortfolioFormat } from "./use-portfolio-format";

/** The server's message for the holdings (a missing ticker is named), else the whole error message. */
function serverMessage(err: unknown): string | null {
  if (!err) return null;
  const e = err as { message?: string; data?: { fields?: { path: string; message: string }[] | null } };
  return e.data?.fields?.[0]?.message ?? e.message ?? null;
}

/**
 * The holdings: one row per asset (ticker picked from the known assets, weight in %), the total
 * that must be 100 %, Normalise / Equal weights, and Save (replaces all holdings at once).
 */
export function HoldingsEditor({ portfolio, assets }: { portfolio: PortfolioDto; assets: readonly KnownAsset[] }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const listId = useId();
  const toDrafts = (p: PortfolioDto): HoldingDraft[] =>
    p.holdings.length
      ? p.holdings.map((h) => ({ ticker: h.ticker, weight: fractionToPercentText(h.weight, fmt.decimal) }))
      : [{ ticker: "", weight: "" }];
  const [drafts, setDrafts] = useState<HoldingDraft[]>(() => toDrafts(portfolio));
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.portfolio.setHoldings.mutationOptions({
      onSuccess: (p) => {
        // The server's holdings (weights scaled to sum to 1) back into the editor.
        setDrafts(toDrafts(p));
        qc.setQueryData(trpc.portfolio.get.queryKey({ id: p.id }), p);
        void qc.invalidateQueries({ queryKey: trpc.portfolio.list.queryKey() });
        setSaved(true);
      },
    }),
  );

  const check = checkHoldings(drafts);
  const total = totalPercent(drafts);
  const sumOk = Math.abs(total - 100) <= SUM_TOLERANCE_PCT + 1e-9;
  const change = (next: HoldingDraft[]) => {
    setDrafts(next);
    setSaved(false);
  };
  const set = (i: number, patch: Partial<HoldingDraft>) =>
    change(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const rowMessage = (r: RowIssue | undefined) =>
    r ? t(`issue.${r.code}`, "ticker" in r ? { ticker: r.ticker } : {}) : null;
  const totalMessage = (x: TotalIssue | undefined) =>
    !x
      ? null
      : x.code === "sum"
        ? t("issue.sum", { total: fmt.num(x.total, 2) })
        : x.code === "tooMany"
          ? t("issue.tooMany", { max: x.max })
          : t("issue.empty");
  const rowErrors = checked && !check.ok ? check.rows : {};
  const totalError = checked && !check.ok ? totalMessage(check.total) : null;
  const serverError = serverMessage(save.error);

  return (
    <Card data-testid="holdings-editor">
      <CardHeader title={t("holdingsTitle")} />
      <form
        noValidate
        aria-label={t("holdingsTitle")}
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setChecked(true);
          if (check.ok) save.mutate({ id: portfolio.id, holdings: check.holdings });
        }}
      >
        <datalist id={listId}>
          {assets.map((a) => (
            <option key={a.ticker} value={a.ticker}>
              {a.name ? `${a.ticker} — ${a.name}` : a.ticker}
            </option>
          ))}
        </datalist>
        <Table>
          <thead>
            <tr>
              <Th scope="col">{t("ticker")}</Th>
              <Th scope="col">{t("weightPct")}</Th>
              <Th scope="col">
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, i) => {
              const re = rowErrors[i];
              const label = d.ticker.trim() || t("rowN", { n: i + 1 });
              return (
                <tr key={i} data-testid="holding-row">
                  <Td className="w-1/2 align-top">
                    <Input
                      list={listId}
                      value={d.ticker}
                      autoComplete="off"
                      aria-label={t("tickerOfRow", { n: i + 1 })}
                      aria-invalid={re?.ticker ? true : undefined}
                      data-testid="holding-ticker"
                      placeholder="PETR4"
                      onChange={(e) => set(i, { ticker: e.target.value })}
                    />
                    {re?.ticker && <p className="mt-1 text-xs font-medium text-red-700">{rowMessage(re.ticker)}</p>}
                  </Td>
                  <Td className="align-top">
                    <Input
                      inputMode="decimal"
                      value={d.weight}
                      aria-label={t("weightOf", { ticker: label })}
                      aria-invalid={re?.weight ? true : undefined}
                      data-testid="holding-weight"
                      placeholder={fmt.decimal === "," ? "12,5" : "12.5"}
                      onChange={(e) => set(i, { weight: e.target.value })}
                    />
                    {re?.weight && <p className="mt-1 text-xs font-medium text-red-700">{rowMessage(re.weight)}</p>}
                  </Td>
                  <Td className="w-0 whitespace-nowrap text-right align-top">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t("removeRow", { ticker: label })}
                      onClick={() => change(drafts.filter((_, j) => j !== i))}
                    >
                      ✕
                    </Button>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
        <p
          role="status"
          data-testid="holdings-total"
          className={cn("text-sm font-medium tabular-nums", sumOk ? "text-emerald-700" : "text-amber-800")}
        >
          {t("total", { total: fmt.num(total, 2) })} {sumOk ? "✓" : `— ${t("mustBe100")}`}
        </p>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={drafts.length >= MAX_HOLDINGS}
            onClick={() => change([...drafts, { ticker: "", weight: "" }])}
          >
            {t("addRow")}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => change(normaliseWeights(drafts, fmt.decimal))}>
            {t("normalise")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!drafts.length}
            onClick={() => change(equalWeights(drafts, fmt.decimal))}
          >
            {t("equalWeights")}
          </Button>
        </div>
        {totalError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="holdings-error">
            {totalError}
          </p>
        )}
        {serverError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="holdings-server-error">
            {serverError}
          </p>
        )}
        <div className="flex items-center gap-3">
          <Button
            type="submit"
            disabled={save.isPending}
            aria-busy={save.isPending || undefined}
            data-testid="save-holdings"
          >
            {t("saveHoldings")}
          </Button>
          {saved && !save.isPending && (
            <span role="status" className="text-sm text-emerald-700">
              {t("holdingsSaved")}
            </span>
          )}
        </div>
        <p className="text-xs text-slate-500">{t("holdingsHint")}</p>
      </form>
    </Card>
  );
}
