"use client";

import { useTranslations } from "next-intl";
import { Table, TableHead, Td, Th } from "@/components/ui/table";
import type { Optimisation } from "../analysis.types";
import { suggestedRows } from "./view-model";
import { usePortfolioFormat } from "./use-portfolio-format";

/** Current weights beside the min-volatility and max-Sharpe suggestions, with each allocation's figures. */
export function SuggestedWeights({
  holdings,
  optimisation: o,
}: {
  holdings: readonly { ticker: string; weight: number }[];
  optimisation: Optimisation;
}) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const rows = suggestedRows(holdings, o);
  const figure = (
    label: string,
    pick: (a: { expectedReturn: number | null; volatility: number; sharpe: number | null }) => string,
  ) => (
    <tr className="bg-slate-50/60">
      <Th scope="row" className="normal-case tracking-normal text-slate-700">
        {label}
      </Th>
      <Td className="text-right">{pick(o.current)}</Td>
      <Td className="text-right">{pick(o.minVolatility)}</Td>
      <Td className="text-right">{o.maxSharpe ? pick(o.maxSharpe) : "—"}</Td>
    </tr>
  );
  return (
    <section aria-label={t("suggestedTitle")} className="space-y-2" data-testid="suggested-weights">
      <h3 className="text-sm font-medium text-slate-700">{t("suggestedTitle")}</h3>
      <Table className="tabular-nums">
        <TableHead
          columns={[
            t("ticker"),
            { label: t("current"), numeric: true },
            { label: t("minVol"), numeric: true },
            { label: t("maxSharpe"), numeric: true },
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr key={r.ticker} data-testid="suggested-row">
              <Th scope="row" className="normal-case tracking-normal text-slate-900">
                {r.ticker}
              </Th>
              <Td className="text-right">{fmt.pct(r.current, 1)}</Td>
              <Td className="text-right">{fmt.pct(r.minVolatility, 1)}</Td>
              <Td className="text-right">{fmt.pct(r.maxSharpe, 1)}</Td>
            </tr>
          ))}
          {figure(t("expectedReturn"), (a) => fmt.pct(a.expectedReturn, 1))}
          {figure(t("volatility"), (a) => fmt.pct(a.volatility, 1))}
          {figure(t("sharpe"), (a) => fmt.ratio(a.sharpe))}
        </tbody>
      </Table>
      {o.maxSharpeUnavailable && (
        <p
          role="note"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="max-sharpe-unavailable"
        >
          {t("maxSharpeUnavailable", { reason: o.maxSharpeUnavailable })}
        </p>
      )}
      <p className="text-xs text-slate-500">
        {t("suggestedNote", {
          lower: fmt.pct(o.bounds[0], 0),
          upper: fmt.pct(o.bounds[1], 0),
          riskFree: fmt.pct(o.riskFree, 2),
        })}
      </p>
    </section>
  );
}
