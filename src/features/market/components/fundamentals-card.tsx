"use client";

import { useTranslations } from "next-intl";
import type { AssetDetail } from "./types";
import { useMarketFormat } from "./use-market-format";

/** P/E, EPS, dividend yield, market cap and the range's return and drawdowns, as a definition list. */
export function FundamentalsCard({ detail }: { detail: AssetDetail }) {
  const t = useTranslations("market");
  const fmt = useMarketFormat();
  const a = detail.asset;
  const items: [string, string][] = [
    [t("lastPrice"), fmt.money(a.lastPrice, a.currency)],
    [t("colPe"), fmt.num(a.priceEarnings, 1)],
    [t("eps"), fmt.money(a.earningsPerShare, a.currency)],
    [t("colDy"), fmt.pct(a.dividendYield, 1)],
    [t("colMarketCap"), fmt.compactMoney(a.marketCap, a.currency)],
    [t("periodReturn"), fmt.pct(detail.summary.periodReturn, 1, true)],
    [t("maxDrawdown"), fmt.pct(detail.summary.maxDrawdown, 1)],
    [t("currentDrawdown"), fmt.pct(detail.summary.currentDrawdown, 1)],
  ];
  return (
    <div data-testid="fundamentals" className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">{t("fundamentalsTitle")}</h3>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        {items.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="text-right font-medium tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">
        {a.fundamentalsAt ? t("fundamentalsAt", { when: fmt.dateTime(a.fundamentalsAt) }) : t("noFundamentals")}
      </p>
    </div>
  );
}
