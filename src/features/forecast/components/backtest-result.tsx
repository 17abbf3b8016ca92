"use client";

import { Table, TableHead, Td, Th } from "@/components/ui/table";
import { BacktestCharts } from "./backtest-charts";
import { Stat, Warnings } from "./percentile-cards";
import { ZForecastBacktestResult } from "../forecast.output";
import { levelsOf } from "./result-fields";
import { BadResult, RunStats, useResultView } from "./result-parts";

/** Backtest: coverage of each percentile against the replayed history, accuracy metrics, calibration. */
export function BacktestResult({ result: raw }: { result: unknown; input?: unknown }) {
  const { t, f, result } = useResultView(ZForecastBacktestResult, raw);
  if (!result) return <BadResult />;
  const levels = levelsOf(result.coverage);
  const counted = result.folds.length - result.censored;
  const warnings = [];
  if (result.folds.length === 0) warnings.push(t("noFolds"));
  if (result.censored > 0) warnings.push(t("censoredWarning", { count: result.censored }));
  const dash = "—";
  const n = (v: number | null, d = 1) => (v === null ? dash : f.num(v, d));
  const p = (v: number | null) => (v === null ? dash : f.pct(v / 100));

  return (
    <div className="space-y-6">
      <Warnings items={warnings} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <Stat label={t("folds")} testId="backtest-folds">
          {f.num(result.folds.length, 0)}
        </Stat>
        <Stat label={t("foldsCounted")}>{f.num(counted, 0)}</Stat>
        <RunStats trials={result.trials} seed={result.seed} />
      </dl>

      <Table data-testid="coverage">
        <caption className="mb-2 text-left text-sm font-medium text-slate-700">{t("coverageCaption")}</caption>
        <TableHead
          columns={[
            t("colLevel"),
            ...(["colCoverage", "colHits", "colMae", "colMape", "colBias"] as const).map((k) => ({
              label: t(k),
              numeric: true,
            })),
          ]}
        />
        <tbody>
          {levels.map((l) => {
            const c = result.coverage[l]!;
            const m = result.metrics[l];
            const off = c.rate !== null && Math.abs(c.rate - Number(l) / 100) > 0.1;
            return (
              <tr key={l} data-testid={`coverage-${l}`}>
                <Th
                  scope="row"
                  className="border-slate-100 text-sm font-normal normal-case tracking-normal text-slate-700"
                >
                  P{l}
                </Th>
                <Td className={"text-right font-semibold tabular-nums " + (off ? "text-amber-700" : "")}>
                  {c.rate === null ? dash : f.pct(c.rate)}
                </Td>
                <Td className="text-right tabular-nums">
                  {t("hitsOf", { hits: f.num(c.hits, 0), total: f.num(c.total, 0) })}
                </Td>
                <Td className="text-right tabular-nums">{m ? n(m.mae) : dash}</Td>
                <Td className="text-right tabular-nums">{m ? p(m.mape) : dash}</Td>
                <Td className="text-right tabular-nums">{m ? p(m.mpe) : dash}</Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <p className="text-xs text-slate-500">{t("coverageNote")}</p>

      <BacktestCharts result={result} levels={levels} />
    </div>
  );
}
