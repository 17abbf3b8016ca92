/** The market overview: top movers, month change, rankings and opportunities of the watched (or all) assets. */
import type { OpportunitiesResult, RankingsResult } from "@/features/portfolio";
import type { ReportModel, ReportSection } from "./report-document";
import { ctxOf, narrativeSection, reportShell, type BuildOptions } from "./report-common";

export interface MarketAssetRow {
  ticker: string;
  name: string | null;
  sector: string | null;
  currency: string;
  source: string;
  lastPrice: number | null;
  /** Fractions over the last trading day and the last ~21 trading days (null: not enough prices). */
  change1d: number | null;
  change1m: number | null;
}

export interface MarketOverviewData {
  scope: "watched" | "all";
  /** Last price date among the assets. */
  asOf: string | null;
  assets: MarketAssetRow[];
  rankings: RankingsResult | null;
  opportunities: OpportunitiesResult | null;
}

const MOVERS = 5;

export function buildMarketOverviewReport(d: MarketOverviewData, o: BuildOptions): ReportModel {
  const c = ctxOf(o);
  const { f, L } = c;
  const moving = d.assets.filter((a) => a.change1d !== null).sort((a, b) => b.change1d! - a.change1d!);
  const movers = [...moving.slice(0, MOVERS), ...moving.slice(Math.max(MOVERS, moving.length - MOVERS))];
  const row = (a: MarketAssetRow) => [
    a.ticker,
    a.name ?? "",
    f.money(a.lastPrice, a.currency),
    f.change(a.change1d),
    f.change(a.change1m),
  ];
  const assetCols = [L("ticker"), L("name"), L("lastPrice"), L("change1d"), L("change1m")];
  const numeric = [false, false, true, true, true];
  const sections: ReportSection[] = [
    {
      title: L("topMovers"),
      blocks: movers.length
        ? [
            { type: "table", columns: assetCols, rows: movers.map(row), numeric },
            {
              type: "barChart",
              title: L("topMovers"),
              format: "percent",
              bars: movers.map((a) => ({ label: a.ticker, value: a.change1d! })),
            },
          ]
        : [{ type: "paragraph", text: L("noData") }],
    },
    {
      title: L("monthMovers"),
      blocks: [
        {
          type: "barChart",
          title: L("monthMovers"),
          format: "percent",
          bars: d.assets
            .filter((a) => a.change1m !== null)
            .sort((a, b) => b.change1m! - a.change1m!)
            .slice(0, 20)
            .map((a) => ({ label: a.ticker, value: a.change1m! })),
        },
        { type: "table", columns: assetCols, rows: d.assets.map(row), numeric },
      ],
    },
    {
      title: L("rankings"),
      blocks: d.rankings?.rows.length
        ? [
            {
              type: "table",
              columns: [
                L("rank"),
                L("ticker"),
                L("sector"),
                L("annualReturn"),
                L("annualVolatility"),
                L("sharpe"),
                L("maxDrawdown"),
              ],
              rows: [...d.rankings.rows]
                .sort((a, b) => a.ranks.sharpe - b.ranks.sharpe)
                .slice(0, 15)
                .map((r) => [
                  String(r.ranks.sharpe),
                  r.ticker,
                  r.sector ?? "",
                  f.percent(r.annualReturn),
                  f.percent(r.annualVolatility),
                  f.number(r.sharpe),
                  f.percent(r.maxDrawdown),
                ]),
              numeric: [true, false, false, true, true, true, true],
            },
          ]
        : [{ type: "paragraph", text: L("noData") }],
    },
    {
      title: L("opportunities"),
      blocks: d.opportunities?.opportunities.length
        ? [
            {
              type: "table",
              columns: [L("ticker"), L("rule"), L("score"), L("explanation")],
              rows: d.opportunities.opportunities
                .slice(0, 30)
                .map((x) => [
                  x.ticker,
                  d.opportunities!.rules.find((r) => r.id === x.rule)?.title ?? x.rule,
                  f.number(x.score),
                  x.explanation,
                ]),
              numeric: [false, false, true, false],
            },
          ]
        : [{ type: "paragraph", text: L("noData") }],
    },
    ...narrativeSection(o.narrative, c),
  ];
  const demo = d.assets.some((a) => a.source === "demo");
  return reportShell(
    "marketOverview",
    c,
    {
      title: L("marketTitle"),
      subtitle: [
        d.scope === "watched" ? L("scopeWatched") : L("scopeAll"),
        L("assetsCount", { count: d.assets.length }),
        d.asOf ? f.day(d.asOf) : null,
      ]
        .filter(Boolean)
        .join(" · "),
      subject: { name: "market" },
      notes: demo ? [L("demoData")] : [],
    },
    sections,
  );
}
