"use client";

import { useId, useMemo, useState } from "react";
import { useFieldArray, useWatch } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import type { FormIssue, Path } from "@/components/form/form-kit";
import { useTRPC } from "@/trpc/react";
import type { PortfolioDto } from "../analysis.types";
import { ZSetHoldings } from "../portfolio.schemas";
import {
  checkHoldings,
  equalWeights,
  fractionToPercentText,
  MAX_HOLDINGS,
  normaliseWeights,
  parseDecimal,
  SUM_TOLERANCE_PCT,
  totalPercent,
  type HoldingDraft,
  type RowIssue,
  type TotalIssue,
} from "./holdings-spec";
import type { KnownAsset } from "./ticker-options";
import { usePortfolioFormat } from "./use-portfolio-format";
import { TickerDatalist } from "./ticker-datalist";

interface HoldingsValues {
  holdings: HoldingDraft[];
}

/** A row's field for an input path (["holdings", 2, "weight"]); the list as a whole is the total's. */
const rowField = (path: Path): Path | null =>
  path[0] === "holdings" && typeof path[1] === "number" && (path[2] === "ticker" || path[2] === "weight")
    ? ["holdings", path[1], path[2]]
    : null;

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
  // The rows are checked here (translated messages), then with the server's ZSetHoldings.
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZSetHoldings,
        toCandidate: (v: HoldingsValues) => {
          const c = checkHoldings(v.holdings);
          const raw = v.holdings.map((d) => ({
            ticker: d.ticker,
            weight: (parseDecimal(d.weight) ?? Number.NaN) / 100,
          }));
          return { id: portfolio.id, holdings: c.ok ? c.holdings : raw };
        },
        fields: [],
        preCheck: (v: HoldingsValues) => {
          const c = checkHoldings(v.holdings);
          if (c.ok) return [];
          const out: FormIssue[] = [];
          for (const [i, r] of Object.entries(c.rows)) {
            if (r.ticker) out.push({ path: ["holdings", Number(i), "ticker"], message: rowMessage(r.ticker)! });
            if (r.weight) out.push({ path: ["holdings", Number(i), "weight"], message: rowMessage(r.weight)! });
          }
          if (c.total) out.push({ path: ["total"], message: totalMessage(c.total)! });
          return out;
        },
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rowMessage/totalMessage follow t and fmt
    [portfolio.id, t, fmt],
  );
  const checkSpec = useMemo(() => ({ ...spec, fieldFor: (path: Path) => rowField(path) ?? ["total"] }), [spec]);
  const serverSpec = useMemo(() => ({ fieldFor: rowField }), []);
  const form = useSchemaForm(checkSpec, { holdings: toDrafts(portfolio) });
  const rows = useFieldArray({ control: form.control, name: "holdings" });
  const drafts = useWatch({ control: form.control, name: "holdings" }) ?? [];
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.portfolio.setHoldings.mutationOptions({
      onSuccess: (p) => {
        // The server's holdings (weights scaled to sum to 1) back into the editor.
        form.reset({ holdings: toDrafts(p) });
        qc.setQueryData(trpc.portfolio.get.queryKey({ id: p.id }), p);
        void qc.invalidateQueries({ queryKey: trpc.portfolio.list.queryKey() });
        setSaved(true);
      },
      onError: (err) => void setServerErrors(form, serverSpec, err),
    }),
  );

  const total = totalPercent(drafts);
  const sumOk = Math.abs(total - 100) <= SUM_TOLERANCE_PCT + 1e-9;
  const change = (next: HoldingDraft[]) => {
    rows.replace(next);
    setSaved(false);
  };
  const errors = form.formState.errors;
  // After a first Save the total's message follows the rows as they change (the rows' own follow the resolver).
  const live = checkHoldings(drafts);
  const totalError = form.formState.isSubmitted && !live.ok && live.total ? totalMessage(live.total) : null;
  const rowError = (i: number, key: "ticker" | "weight") => errors.holdings?.[i]?.[key]?.message;
  const serverError = rootError(errors);

  return (
    <Card data-testid="holdings-editor">
      <CardHeader title={t("holdingsTitle")} />
      <form
        noValidate
        aria-label={t("holdingsTitle")}
        className="space-y-4"
        onSubmit={form.handleSubmit((input) => save.mutate(input))}
      >
        <TickerDatalist id={listId} assets={assets} label={(a) => (a.name ? `${a.ticker} — ${a.name}` : a.ticker)} />
        <Table>
          <TableHead columns={[t("ticker"), t("weightPct"), { label: t("actions"), srOnly: true }]} />
          <tbody>
            {rows.fields.map((row, i) => {
              const tickerError = rowError(i, "ticker");
              const weightError = rowError(i, "weight");
              const label = (drafts[i]?.ticker ?? "").trim() || t("rowN", { n: i + 1 });
              return (
                <tr key={row.id} data-testid="holding-row">
                  <Td className="w-1/2 align-top">
                    <Input
                      list={listId}
                      autoComplete="off"
                      aria-label={t("tickerOfRow", { n: i + 1 })}
                      aria-invalid={tickerError ? true : undefined}
                      aria-describedby={tickerError ? `${listId}-${i}-ticker-error` : undefined}
                      data-testid="holding-ticker"
                      placeholder="PETR4"
                      {...form.register(`holdings.${i}.ticker`, { onChange: () => setSaved(false) })}
                    />
                    {tickerError && (
                      <p id={`${listId}-${i}-ticker-error`} className="mt-1 text-xs font-medium text-red-700">
                        {tickerError}
                      </p>
                    )}
                  </Td>
                  <Td className="align-top">
                    <Input
                      inputMode="decimal"
                      aria-label={t("weightOf", { ticker: label })}
                      aria-invalid={weightError ? true : undefined}
                      aria-describedby={weightError ? `${listId}-${i}-weight-error` : undefined}
                      data-testid="holding-weight"
                      placeholder={fmt.decimal === "," ? "12,5" : "12.5"}
                      {...form.register(`holdings.${i}.weight`, { onChange: () => setSaved(false) })}
                    />
                    {weightError && (
                      <p id={`${listId}-${i}-weight-error`} className="mt-1 text-xs font-medium text-red-700">
                        {weightError}
                      </p>
                    )}
                  </Td>
                  <Td className="w-0 whitespace-nowrap text-right align-top">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t("removeRow", { ticker: label })}
                      onClick={() => (rows.remove(i), setSaved(false))}
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
            onClick={() => (rows.append({ ticker: "", weight: "" }), setSaved(false))}
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
