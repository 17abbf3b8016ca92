"use client";

/**
 * An analysis batch's partial result on the run page: a row of metrics per asset analysed so far (in
 * the order given), the assets that failed, those still missing, and (the run page adds the CSV of these rows).
 */
import { useTranslations } from "next-intl";
import { RowsSoFar } from "@/components/ui/rows-so-far";
import { Td } from "@/components/ui/table";
import { ZAnalysisBatchPartial } from "../analysis-batch-partial";
import { usePortfolioFormat } from "./use-portfolio-format";

/** Missing tickers named, at most (the rest are counted). */
const SHOWN = 30;

/** The view, or null when the partial result is not an analysis batch's. */
export function AnalysisBatchPartialView({ result }: { result: unknown }) {
  const t = useTranslations("BatchPartial");
  const fmt = usePortfolioFormat();
  const p = ZAnalysisBatchPartial.safeParse(result).data;
  if (!p) return null;
  return (
    <RowsSoFar
      caption={t("assetsCaption")}
      empty={t("noRows")}
      columns={[
        t("colTicker"),
        { label: t("colReturn"), numeric: true },
        { label: t("colVolatility"), numeric: true },
        { label: t("colSharpe"), numeric: true },
        { label: t("colDrawdown"), numeric: true },
      ]}
      rows={p.rows.map((r) => (
        <tr key={r.ticker} data-testid="batch-partial-row">
          <Td>
            <span className="font-medium">{r.ticker}</span>
            {r.name && <span className="ml-1 text-xs text-slate-500">{r.name}</span>}
          </Td>
          <Td className="text-right">{fmt.signedPct(r.annualReturn)}</Td>
          <Td className="text-right">{fmt.pct(r.annualVolatility)}</Td>
          <Td className="text-right">{fmt.ratio(r.sharpe)}</Td>
          <Td className="text-right">{fmt.pct(r.maxDrawdown)}</Td>
        </tr>
      ))}
      failed={p.failed.length > 0 && t("failed", { list: p.failed.map((f) => `${f.ticker}: ${f.message}`).join("; ") })}
      missing={
        p.missing.length > 0 &&
        t("missingAssets", {
          assets:
            p.missing.slice(0, SHOWN).join(", ") +
            (p.missing.length > SHOWN ? ` … (+${p.missing.length - SHOWN})` : ""),
        })
      }
    />
  );
}
