"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Table, Td, Th } from "@/components/ui/table";
import type { RankingsResult } from "../analysis.types";
import { usePortfolioFormat } from "./use-portfolio-format";
import { defaultDir, sortRankings, type RankingKey, type SortDir } from "./view-model";

const COLUMNS: { key: RankingKey; label: string; numeric: boolean }[] = [
  { key: "ticker", label: "ticker", numeric: false },
  { key: "annualReturn", label: "annualReturn", numeric: true },
  { key: "annualVolatility", label: "volatility", numeric: true },
  { key: "sharpe", label: "sharpe", numeric: true },
  { key: "maxDrawdown", label: "maxDrawdown", numeric: true },
];

/** Rankings over the trailing window: click a column header to sort by it (again to reverse). */
export function RankingsTable({ r }: { r: RankingsResult }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const [sort, setSort] = useState<{ key: RankingKey; dir: SortDir }>({ key: "sharpe", dir: "desc" });
  const rows = sortRankings(r.rows, sort.key, sort.dir);
  const cell = (k: RankingKey, row: (typeof rows)[number]) =>
    k === "annualReturn"
      ? fmt.signedPct(row.annualReturn, 1)
      : k === "annualVolatility"
        ? fmt.pct(row.annualVolatility, 1)
        : k === "sharpe"
          ? fmt.ratio(row.sharpe)
          : k === "maxDrawdown"
            ? fmt.pct(row.maxDrawdown, 1)
            : row.ticker;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">{t("rankingsWindow", { days: r.window, count: r.rows.length })}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noRankings")}</p>
      ) : (
        <Table data-testid="rankings-table" className="tabular-nums">
          <caption className="sr-only">{t("sortHint")}</caption>
          <thead>
            <tr>
              <Th scope="col" className="w-0 text-right">
                #
              </Th>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <Th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? "text-right" : undefined}
                    aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                  >
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-indigo-700"
                      data-testid={`sort-${c.key}`}
                      onClick={() =>
                        setSort((s) =>
                          s.key === c.key
                            ? { key: c.key, dir: s.dir === "asc" ? "desc" : "asc" }
                            : { key: c.key, dir: defaultDir(c.key) },
                        )
                      }
                    >
                      {t(c.label)}
                      <span aria-hidden="true">{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
                    </button>
                  </Th>
                );
              })}
              <Th scope="col">{t("sector")}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.ticker} data-testid="ranking-row">
                <Td className="text-right text-slate-500">{i + 1}</Td>
                {COLUMNS.map((c) => (
                  <Td key={c.key} className={c.numeric ? "text-right" : "font-medium"}>
                    {cell(c.key, row)}
                    {c.key === "ticker" && row.name && (
                      <span className="block text-xs font-normal text-slate-500">{row.name}</span>
                    )}
                  </Td>
                ))}
                <Td className="text-sm text-slate-600">{row.sector ?? "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {r.skipped.length > 0 && (
        <p className="text-xs text-slate-500">
          {t("skipped", { list: r.skipped.map((s) => `${s.ticker} (${s.reason})`).join("; ") })}
        </p>
      )}
    </div>
  );
}
